import { Panel } from './Panel';

export function UnitTraces() {
  return (
    <Panel id="UnitTraces" title="UnitTraces">
      <p>coming</p>
    </Panel>
  );
}
