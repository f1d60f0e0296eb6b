// Node-side effects of the guidance plugin (`@chibo/plugin-guidance/effects`); the main entry never imports them.
export { submitUpwardEffect, submitUpwardInput } from './submit-upward.effect';
