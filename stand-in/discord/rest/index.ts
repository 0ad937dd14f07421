import type { RouteDef } from '../router.ts';
import { activityRoutes } from './activity.ts';
import { channelRoutes } from './channels.ts';
import { dmRoutes } from './dms.ts';
import { eventRoutes } from './events.ts';
import { interactionRoutes } from './interactions.ts';
import { miscRoutes } from './misc.ts';
import { privateRoutes } from './private.ts';

export const allRoutes: RouteDef[] = [
  ...miscRoutes,
  ...channelRoutes,
  ...dmRoutes,
  ...interactionRoutes,
  ...eventRoutes,
  ...activityRoutes,
  ...privateRoutes,
];
