// A stack with `factor` times the dashboards and rules of the given one, for the bench's
// growth measure: every mixin is copied factor - 1 times under another name, with its rule
// groups, dashboard files, uids and titles renamed so that nothing collides.

const renamedGroups = (section, suffix) =>
  section && {
    ...section,
    groups: section.groups.map((group) => ({ ...group, name: `${group.name}${suffix}` })),
  };

function copyOf(mixin, copy) {
  const suffix = `-copy${copy}`;
  const dashboards = Object.fromEntries(
    Object.entries(mixin.grafanaDashboards ?? {}).map(([file, dashboard]) => [
      `copy${copy}-${file}`,
      {
        ...dashboard,
        title: `${dashboard.title} (copy ${copy})`,
        ...(dashboard.uid ? { uid: `${dashboard.uid.slice(0, 32)}${suffix}` } : {}),
      },
    ]),
  );
  return {
    ...mixin,
    title: `${mixin.title} (copy ${copy})`,
    prometheusAlerts: renamedGroups(mixin.prometheusAlerts, suffix),
    prometheusRules: renamedGroups(mixin.prometheusRules, suffix),
    logAlerts: renamedGroups(mixin.logAlerts, suffix),
    logRules: renamedGroups(mixin.logRules, suffix),
    grafanaDashboards: dashboards,
  };
}

/** `stack` with a sections patch that adds factor - 1 copies of every mixin. */
export function multipliedMixins(stack, addPatch, factor) {
  return addPatch(stack, {
    id: `bench-mixins-x${factor}`,
    source: 'bench',
    target: 'sections',
    apply: (sections) => {
      const mixins = { ...sections.mixins };
      for (const [name, mixin] of Object.entries(sections.mixins)) {
        for (let copy = 1; copy < factor; copy++) mixins[`${name}-copy${copy}`] = copyOf(mixin, copy);
      }
      return { ...sections, mixins };
    },
  });
}
