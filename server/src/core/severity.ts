// A leaf module: the config schema and the findings both name severities, so neither may own them.

/** How loudly a finding is reported; `off` disables a rule. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A rule's severity as configured: a severity, or `off`. */
export type SeveritySetting = Severity | 'off';

/** Severities from most to least severe, for `--fail-on` comparisons. */
export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
