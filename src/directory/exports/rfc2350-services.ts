/**
 * RFC 2350 section 5 from the entry's FIRST CSIRT Services Framework v2.1 areas: 5.1 Incident Response
 * (triage, coordination, resolution) comes from information security incident management, with event management
 * and vulnerability management adding what they bring to it; 5.2 Proactive Activities from the other areas.
 * An area the entry does not list is not claimed: its sections say "Not stated."
 */
import type { ServiceArea } from '../../entry/vocabulary';

const NOT_STATED = 'Not stated.';
const NOT_PUBLISHED = 'Not published.';

export interface IncidentResponse {
  intro: string[];
  triage: string[];
  coordination: string[];
  resolution: string[];
}

export function incidentResponse(areas: string[] | undefined): IncidentResponse {
  if (areas === undefined) {
    const hidden = [NOT_PUBLISHED];
    return { intro: hidden, triage: hidden, coordination: hidden, resolution: hidden };
  }
  const has = (a: ServiceArea) => areas.includes(a);
  if (!has('information_security_incident_management')) {
    const none = [NOT_STATED];
    return {
      intro: [`${NOT_STATED} Information security incident management is not among the services in the entry.`],
      triage: none,
      coordination: none,
      resolution: none,
    };
  }
  return {
    intro: [
      'The team handles information security incidents affecting its constituency (FIRST CSIRT Services Framework: information security incident management).',
    ],
    triage: [
      'Incident reports are acknowledged, checked and prioritised by their impact on the constituency.',
      ...(has('information_security_event_management')
        ? ['Security events from the team\u2019s own monitoring are analysed and raised as incidents where needed.']
        : []),
    ],
    coordination: [
      'The team coordinates the response with the affected parties in its constituency and with other incident response teams.',
      ...(has('vulnerability_management')
        ? ['Vulnerability reports are coordinated with the parties concerned and disclosed in co-ordination.']
        : []),
    ],
    resolution: [
      'The team supports mitigation and recovery: containing the incident, removing its cause and restoring normal operation.',
    ],
  };
}

const PROACTIVE: [ServiceArea, string][] = [
  [
    'information_security_event_management',
    'Information security event management: monitoring, detection and event analysis.',
  ],
  [
    'vulnerability_management',
    'Vulnerability management: discovery, report intake, analysis and coordinated disclosure.',
  ],
  ['situational_awareness', 'Situational awareness: collecting, analysing and sharing information on threats.'],
  ['knowledge_transfer', 'Knowledge transfer: awareness building, training, exercises and technical advice.'],
];

export function proactiveActivities(areas: string[] | undefined): string[] {
  if (areas === undefined) return [NOT_PUBLISHED];
  const offered = PROACTIVE.filter(([area]) => areas.includes(area)).map(([, text]) => `- ${text}`);
  return offered.length ? offered : [NOT_STATED];
}
