import type { RouteDef } from '../router.ts';
import { activityRoutes } from './activity.ts';
import { channelRoutes } from './channels.ts';
import { eventRoutes } from './events.ts';
import { interactionRoutes } from './interactions.ts';
import { miscRoutes } from './misc.ts';
import { privateRoutes } from './private.ts';

export const allRoutes: RouteDef[] = [
  ...miscRoutes,
  ...channelRoutes,
  ...interactionRoutes,
  ...eventRoutes,
  ...activityRoutes,
  ...privateRoutes,
];
