export { loadDataFile, dataTables, type DataRecord, type LoadDataOptions } from './loadDataFile.js';
