export { validateModuleStatic, type StaticValidationContext, type ValidationIssueWithHint } from './validateModuleStatic.js';
export {
  checkExternalDependencies, externalDependencyProblems, findOnPath, isNpmResolvable,
  type ExternalDependencies, type ExternalCheckOptions,
} from './checkExternalDependencies.js';
