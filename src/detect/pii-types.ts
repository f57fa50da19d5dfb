// Amazon Comprehend's PII entity type names: every detector reports these, so thresholds, operators and audit
// records mean the same thing whichever detector ran. Custom detectors add `CUSTOM:<name>` types.

export const PII_TYPES = [
  'NAME', 'ADDRESS', 'EMAIL', 'PHONE', 'SSN', 'CREDIT_DEBIT_NUMBER', 'CREDIT_DEBIT_CVV', 'CREDIT_DEBIT_EXPIRY',
  'DATE_TIME', 'AGE', 'IP_ADDRESS', 'MAC_ADDRESS', 'URL', 'USERNAME', 'PASSWORD', 'AWS_ACCESS_KEY', 'AWS_SECRET_KEY',
  'BANK_ACCOUNT_NUMBER', 'BANK_ROUTING', 'INTERNATIONAL_BANK_ACCOUNT_NUMBER', 'SWIFT_CODE', 'PIN', 'DRIVER_ID',
  'PASSPORT_NUMBER', 'VEHICLE_IDENTIFICATION_NUMBER', 'LICENSE_PLATE', 'US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER',
  'UK_NATIONAL_INSURANCE_NUMBER', 'UK_NATIONAL_HEALTH_SERVICE_NUMBER', 'UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER',
  'CA_SOCIAL_INSURANCE_NUMBER', 'CA_HEALTH_NUMBER', 'IN_AADHAAR', 'IN_PERMANENT_ACCOUNT_NUMBER', 'IN_NREGA',
  'IN_VOTER_NUMBER',
] as const;

export type ComprehendPiiType = (typeof PII_TYPES)[number];

/** A Comprehend type, or `CUSTOM:<name>` from a custom detector (Macie custom data identifiers). */
export type PiiType = ComprehendPiiType | `CUSTOM:${string}`;

const known = new Set<string>(PII_TYPES);

export function isPiiType(s: string): s is PiiType {
  return known.has(s) || /^CUSTOM:[A-Za-z0-9_.-]+$/.test(s);
}
