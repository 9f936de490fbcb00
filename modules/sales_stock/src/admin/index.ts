// Admin entry of sales_stock (dist/admin/index.js): the goods that left with sales orders.
import Deliveries from './Deliveries.vue';

export default { routes: [{ path: '', name: 'sales_stock-deliveries', component: Deliveries }] };
