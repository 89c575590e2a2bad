import { Panel } from './Panel';

export function CosinePlot() {
  return (
    <Panel id="CosinePlot" title="CosinePlot">
      <p>coming</p>
    </Panel>
  );
}
