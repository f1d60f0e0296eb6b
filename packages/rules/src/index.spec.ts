import * as rules from './index';

describe('@chibo/rules public API', () => {
  it.each([
    'VN_TIME_ZONE',
    'parseLocal',
    'endOfDeadline',
    'isWithinDeadline',
    'addHours',
    'addDays',
    'hoursBetween',
    'localDate',
    'localDateTime',
    'isDraftTimely',
    'compareInstants',
    'computeAttendance',
    'validateAbsences',
    'DEFAULT_QUALITY_CONFIG',
    'assessSessionQuality',
    'voteDenominator',
    'validateVote',
    'decideAdoption',
    'RATINGS',
    'phuTho100',
    'binhThuan100',
    'fourLevel',
    'validateScore',
    'scoreSession',
    'annualRating',
    'rubricMaxTotal',
    'termFor',
    'registerKey',
    'formatDocumentNumber',
    'parseDocumentNumber',
    'DOCUMENT_TYPES',
    'nextInRegister',
    'nextAssignee',
    'FINDING_CODES',
    'FINDINGS',
    'isFindingCode',
    'sessionTimingFindings',
    'reportTimingFinding',
    'MANIFESTATION_GROUPS',
    'MANIFESTATIONS',
    'isManifestationCode',
    'rateYear',
    'consecutiveAbsenceFindings',
    'consecutiveAbsenceCounts',
    'DEFAULT_YEAR_RULE',
    'YearRuleError',
  ])('should export %s when imported from the package entry', (name) => {
    expect(rules).toHaveProperty(name);
  });

  it.each(['toInstant', 'toLocalDay', 'toDateTime', 'indexAbsences'])('should keep the internal helper %s private', (name) => {
    expect(rules).not.toHaveProperty(name);
  });
});
