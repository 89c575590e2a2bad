/** Closed forms and spectra of spec §7–8, float64, no tfjs and no DOM. */
export { type DenseMatrix, identityMatrix, multiply, multiplyVector, transpose, zerosMatrix } from './dense';
export { ballisticFront, diffusiveFront, inflectionStep } from './fronts';
export {
  activate,
  activateDerivative,
  activityHessian,
  forwardPass,
  type IterationMatrixOptions,
  iterationMatrix,
  type LinearSystem,
  linearizedSystem,
} from './linearSystem';
export { type Annulus, annulusRadii, juryCeiling, modeEigenvalues, type Stability, stability } from './modes';
export {
  type ComplexArray,
  eigenvaluesOfM,
  INTERACTIVE_EIGEN_MAX_N,
  singularValuesOfA,
  spectralRadius,
} from './spectrum';
