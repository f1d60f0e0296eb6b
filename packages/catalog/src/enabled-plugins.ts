import type { PluginDefinition } from '@chibo/procedure';
import { guidancePlugin } from '@chibo/plugin-guidance';
import { cellYearPlugin, regularSessionPlugin } from '@chibo/plugin-regular-session';
import { rubricBinhThuanPlugin, rubricFourLevelPlugin, rubricPhuThoPlugin } from '@chibo/plugin-rubrics';
import { selfCriticismPlugin } from '@chibo/plugin-self-criticism';
import { thematicSessionPlugin } from '@chibo/plugin-thematic-session';

/**
 * The one composition file: the plugins this installation enables. Add a plugin package here and to this package's
 * dependencies; the registry rejects duplicate and unknown ids when it is built at start-up.
 */
export const ENABLED_PLUGINS: readonly PluginDefinition[] = [
  guidancePlugin,
  thematicSessionPlugin,
  regularSessionPlugin,
  cellYearPlugin,
  selfCriticismPlugin,
  rubricPhuThoPlugin,
  rubricBinhThuanPlugin,
  rubricFourLevelPlugin,
];
