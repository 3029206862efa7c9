/**
 * The Traffic Light Protocol, version 2.0 (FIRST): the label an announcement carries, which says how far its
 * recipients may share it. The codes are stable keys stored with each announcement; `TLP_MARKS` is how the label is
 * written in a subject, a body and on pages, exactly as the standard spells it.
 */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber_strict', 'red'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export const TLP_MARKS: Record<Tlp, string> = {
  clear: 'TLP:CLEAR',
  green: 'TLP:GREEN',
  amber: 'TLP:AMBER',
  amber_strict: 'TLP:AMBER+STRICT',
  red: 'TLP:RED',
};

/** The standard's colours: the label's text in this colour on black (RGB as FIRST gives them). */
export const TLP_COLOURS: Record<Tlp, string> = {
  clear: '#FFFFFF',
  green: '#33FF00',
  amber: '#FFC000',
  amber_strict: '#FFC000',
  red: '#FF2B2B',
};

/**
 * Whether a message with this label may only travel encrypted. AMBER and above is limited to named recipients and
 * their organisation: such a message goes only to teams with a proven key (whatever their mail choice), and the
 * outbox fails it rather than ever send it in clear.
 */
export function needsEncryption(tlp: Tlp): boolean {
  return tlp === 'amber' || tlp === 'amber_strict' || tlp === 'red';
}

/**
 * Who reads a sent announcement later, in the members' archive and feed:
 *   members    — every member of the association (CLEAR, GREEN: the community may share it);
 *   recipients — members of the teams it reached (AMBER, AMBER+STRICT: limited to the recipients' organisations);
 *   nobody     — RED is for the recipients of the message only, for that conversation: it is not archived (the
 *                secretariat keeps its delivery report).
 */
export const ARCHIVE_READERS: Record<Tlp, 'members' | 'recipients' | 'nobody'> = {
  clear: 'members',
  green: 'members',
  amber: 'recipients',
  amber_strict: 'recipients',
  red: 'nobody',
};
