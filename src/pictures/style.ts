/**
 * The one look of every pose picture: a calm figure in flat colours on a soft rounded card that
 * sits well on Discord's dark and light themes, limbs thick and round-capped with a thin gap
 * (the card's colour) where one part passes in front of another, so it reads at 80 px.
 */
export const STYLE = {
  width: 512,
  height: 384,
  /** The card's inset from the image edge and its corner radius (px). */
  inset: 4,
  radius: 36,
  /** Room between the card's edge and the drawing (px). */
  padding: 30,
  /** px per cm at most; a figure is drawn as large as fits, up to this. */
  scale: 2.8,
  /** The gap drawn around each body part (cm). */
  halo: 2.2,
  colours: {
    card: '#EEEAF4',
    /** A strip's rests, rebounds, breaks and counterposes sit on this instead. */
    cardRest: '#E4EEEC',
    floor: '#D6CFE2',
    floorLine: '#B3A9C6',
    mat: '#D9D1E6',
    body: '#3E4A7C',
    bodyFar: '#97A0C4',
    bolster: '#C49A86',
    bolsterEnd: '#B3887A',
    block: '#9DB597',
    blockEdge: '#86A081',
    blanket: '#D8C5A2',
    blanketFold: '#BCA882',
    strap: '#8C6D98',
    wall: '#D2CABE',
    wallEdge: '#B4AB9C',
    mark: '#8C6D98',
  },
} as const;
