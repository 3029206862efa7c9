/**
 * The formats other tools read, each built from TeamViews — the presenter's output — so every export shows
 * exactly the fields the caller may see, and each states the entry's freshness as the team page does.
 */
export { COLUMNS, CSV_COLUMNS } from './columns';
export { type ExportContext, exportContext } from './context';
export { toRfc2350 } from './rfc2350';
export { toSecurityTxt } from './security-txt';
export { toCsv, toXlsx, XLSX_TYPE } from './spreadsheet';
export { type TrustedIntroducerTeam, toTrustedIntroducer } from './trusted-introducer';
export { toVcard } from './vcard';
