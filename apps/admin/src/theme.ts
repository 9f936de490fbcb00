// The host theme, given to naive-ui's NConfigProvider around the shell and therefore around every
// module view too (views use the admin's own naive-ui). naive-ui's default greens, ambers and
// greys are too light for text on white (WCAG AA asks 4.5:1): these keep its look, darker.
import type { GlobalThemeOverrides } from 'naive-ui';

export const themeOverrides: GlobalThemeOverrides = {
  common: {
    primaryColor: '#0e7a43', primaryColorHover: '#12904f', primaryColorPressed: '#0a5c32', primaryColorSuppl: '#12904f',
    successColor: '#0e7a43', successColorHover: '#12904f', successColorPressed: '#0a5c32', successColorSuppl: '#12904f',
    infoColor: '#1060c9', infoColorHover: '#2a75d8', infoColorPressed: '#0b4a9c', infoColorSuppl: '#2a75d8',
    warningColor: '#9a5800', warningColorHover: '#b36800', warningColorPressed: '#7a4500', warningColorSuppl: '#b36800',
    errorColor: '#c0203f', errorColorHover: '#d03050', errorColorPressed: '#99182f', errorColorSuppl: '#d03050',
    textColor3: '#5c6166',
    placeholderColor: '#6b7075',
  },
  Empty: { textColor: '#5c6166' },
};
