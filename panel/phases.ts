// The phases now live in shared/ (the HAR export needs them too); the panel keeps importing them from here.
export { type Phase, type PhaseName, taskPhases } from '../shared/phases';
