/**
 * Custom ids for the notes buttons and modal (`prefix:arg`, see ../custom-ids.ts). The state
 * lives in the id, so a button works after a restart; the acting member always comes from the
 * interaction, never from the id, so a copied id can't reach anyone else's notes.
 */
export const PREFIX = {
  page: 'ntp',
  poseNotes: 'ntm',
  join: 'ntj',
  share: 'nts',
  shareModal: 'ntsm',
  erase: 'nte',
} as const;

/** A page of /yin notes list; `-` means no pose filter. */
export const pageId = (page: number, poseId: string | undefined) => `${PREFIX.page}:${page}:${poseId ?? '-'}`;
export const poseNotesId = (poseId: string) => `${PREFIX.poseNotes}:${poseId}`;
export const joinId = (sessionId: string) => `${PREFIX.join}:${sessionId}`;
export const shareId = (sessionId: string) => `${PREFIX.share}:${sessionId}`;
export const shareModalId = (sessionId: string) => `${PREFIX.shareModal}:${sessionId}`;
export const eraseId = (answer: 'yes' | 'no') => `${PREFIX.erase}:${answer}`;

/** The modal's one text field. */
export const SHARE_FIELD = 'text';
