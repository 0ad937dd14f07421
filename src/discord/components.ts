import { byPrefix, type ButtonRoute, type ModalRoute } from './route.ts';
import { libraryButtons, libraryModals } from './library/form.ts';
import { notesButtons, notesModals } from './notes/buttons.ts';
import { controlButton } from './session/control-buttons.ts';
import { substituteButton } from './schedule/substitute.ts';
import { replayButton } from './replay/button.ts';
import { classViewButton } from '../activity/launch.ts';
import { signupButtons } from './schedule/signup-buttons.ts';

/** Every button and form the bot answers, by custom-id prefix (old prefixes included). */
export const buttonRoutes: ReadonlyMap<string, ButtonRoute> = byPrefix([
  controlButton,
  classViewButton,
  substituteButton,
  replayButton,
  ...notesButtons,
  ...libraryButtons,
  ...signupButtons,
]);
export const modalRoutes: ReadonlyMap<string, ModalRoute> = byPrefix([...notesModals, ...libraryModals]);
