import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { type Dashboard, plainDashboard } from '@mixstack/core';
import { type PanelSpec, type PanelStyle, panelBuilder, panelHeight } from './dashboard-panels.js';
import { type VariableSpec, variableBuilder } from './dashboard-variables.js';

/**
 * One declarative layer over grafana-foundation-sdk for every component's dashboards: a
 * dashboard is a `DashboardSpec` (rows of panel specs, each with its queries, unit and
 * description), turned into SDK builders here in one place, so that all dashboards share one
 * look, one grid and one way of wiring the datasource, exemplars, tables and links. Builders
 * are created per call and built at once (the SDK's builders are mutable and `build()` returns
 * their internal object), so no two dashboards share anything.
 */

export interface RowSpec {
  /** The row's header; an untitled row has none (a dashboard of one block of panels). @default undefined */
  title?: string;
  panels: PanelSpec[];
}

export interface DashboardSpec {
  title: string;
  description: string;
  /** The mixin's tag: the dashboards of one mixin link to each other through it. */
  tag: string;
  /**
   * Title of the dropdown that lists the mixin's dashboards (the ones tagged `tag`); a mixin
   * of one dashboard has no use for it.
   * @default undefined (no dropdown)
   */
  linkTitle?: string;
  /** The template variables, in order (the datasource first: the others query it). */
  variables: VariableSpec[];
  rows: RowSpec[];
  /** The time range the dashboard opens with, back from now. @default 'now-1h' */
  from?: string;
  /** @default 'dense' */
  style?: PanelStyle;
  /**
   * Number the rows and panels in reading order, so that links to one panel (`viewPanel=3`)
   * stay valid; without, Grafana numbers them when it loads the dashboard.
   * @default true
   */
  panelIds?: boolean;
}

/** The grid's width in columns. */
const GRID_WIDTH = 24;

/**
 * Builds a dashboard: its rows one below the other, the panels of a row left to right and
 * wrapped at the grid's width, panel ids in reading order. No uid: core derives it from the
 * mixin and file name.
 */
export function buildDashboard(spec: DashboardSpec): Dashboard {
  const style = spec.style ?? 'dense';
  const builder = new dashboard.DashboardBuilder(spec.title)
    .description(spec.description)
    .tags(['mixstack', spec.tag])
    .readonly()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: spec.from ?? 'now-1h', to: 'now' })
    .refresh('1m')
    // Grafana's own annotations (alerts, annotations made in the UI); an empty annotation list trips older frontends.
    .annotation(
      new dashboard.AnnotationQueryBuilder()
        .name('Annotations & Alerts')
        .builtIn(1)
        .datasource({ type: 'grafana', uid: '-- Grafana --' })
        .type('dashboard')
        .enable(true)
        .hide(true)
        .iconColor('rgba(0, 211, 255, 1)'),
    );
  if (spec.linkTitle !== undefined) {
    builder.link(
      new dashboard.DashboardLinkBuilder(spec.linkTitle)
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([spec.tag])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
  }
  for (const variable of spec.variables) builder.withVariable(variableBuilder(variable));
  const numbered = spec.panelIds ?? true;
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    if (row.title !== undefined) {
      const header = new dashboard.RowBuilder(row.title).gridPos({ x: 0, y, w: GRID_WIDTH, h: 1 });
      builder.withRow(numbered ? header.id(id++) : header);
      y += 1;
    }
    let x = 0;
    let lineHeight = 0;
    for (const panel of row.panels) {
      if (panel.width > GRID_WIDTH) throw new RangeError(`panel "${panel.title}" is wider than the grid`);
      if (x + panel.width > GRID_WIDTH) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      const height = panelHeight(panel);
      const built = panelBuilder(panel, style).gridPos({ x, y, w: panel.width, h: height });
      builder.withPanel(numbered ? built.id(id++) : built);
      x += panel.width;
      lineHeight = Math.max(lineHeight, height);
    }
    y += lineHeight;
  }
  return plainDashboard(builder.build(), spec.title);
}
