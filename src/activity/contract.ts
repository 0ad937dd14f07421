// What the class view's listener and its page say to each other over the live channel. Types
// only, with no imports: the page (activity/, DOM) and the bot (Node) both read this file.

export type ViewAction = 'pause' | 'resume' | 'skip' | 'extend' | 'stop';

/** What the Activity's page draws: every sentence already in the session's language. */
export interface Snapshot {
  v: 1;
  /** The server's clock when this was made: the page corrects its own by it. */
  serverNow: number;
  session: string | null;
  sequence: string;
  /** "Hold 3/8", "Rebound", "Final rest", "Opening", "Closing". */
  role: string;
  /** The pose's name (or the class's at the opening and closing): the page's heading. */
  heading: string;
  /** The step's title as its post has it: "3/8 · Dragon (left side)". */
  title: string;
  /** "Left side" / "Right side"; empty for a pose done once. */
  side: string;
  picture: { src: string; alt: string } | null;
  phase: 'waiting' | 'settle' | 'transition' | 'hold' | 'closing';
  /** What the countdown counts down to, in words: "Hold begins in", "Ends in". */
  countdownLabel: string;
  /** The words once a transition's hold has begun: "Ends in". */
  endsLabel: string;
  /** Epoch ms the countdown reaches 0 (the post's times), or null (closing). */
  countdownTo: number | null;
  holdBeginsAt: number | null;
  endsAt: number | null;
  paused: boolean;
  /** Paused: the time left, frozen. */
  pausedRemainingMs: number | null;
  next: string | null;
  ended: boolean;
  /** The viewer may use the controls (the same rule as the buttons under the posts). */
  canControl: boolean;
  /** The buttons' names, as on the posts. */
  controls: Record<ViewAction, string>;
  words: { next: string; paused: string; timer: string; ended: string; noClass: string; reconnecting: string };
}

/** The page's messages. */
export type ClientMessage = { t: 'hello'; token: string; instance: string } | { t: 'act'; action: ViewAction };

/** The listener's messages. */
export type ServerMessage =
  | { t: 'view'; view: Snapshot }
  | { t: 'result'; action: ViewAction; ok: boolean; text?: string }
  | { t: 'refused'; reason: string };
