import { Panel } from './Panel';

export function BatchStrip() {
  return (
    <Panel id="BatchStrip" title="BatchStrip">
      <p>coming</p>
    </Panel>
  );
}
