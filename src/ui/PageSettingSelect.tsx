/**
 * One labelled select of a link's page-state setting (theme, colours, the width sweep's choices),
 * tagged data-control="<url key>". Its options are the setting's values unless the caller narrows
 * them (the sweep's chart width is one of the widths actually swept).
 */
import type { EnumSetting } from '../state/settingKinds';

export function PageSettingSelect<V extends string>(props: {
  setting: EnumSetting<V>;
  value: V;
  onChange: (value: V) => void;
  /** How each value reads; the value itself when absent. */
  labels?: Partial<Record<V, string>>;
  /** The values offered, when not all of the setting's. */
  options?: readonly V[];
}) {
  const { setting } = props;
  const id = `ctl-${setting.key}`;
  return (
    <div className="control">
      <label htmlFor={id} title={setting.description}>
        {setting.label}
      </label>
      <select
        id={id}
        data-control={setting.key}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as V)}
      >
        {(props.options ?? setting.values).map((value) => (
          <option key={value} value={value}>
            {props.labels?.[value] ?? value}
          </option>
        ))}
      </select>
    </div>
  );
}
