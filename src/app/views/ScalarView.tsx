/** Placeholder for the scalar two-layer example (issue 6): replaced by its own component when that lands. */
import './placeholder.css';

export function ScalarView() {
  return (
    <main className="view-placeholder" data-view="scalar">
      <h2>Scalar two-layer example (placeholder)</h2>
      <p>
        This view will draw inference on a one-unit, two-layer network as a path in the (h, λ) plane. It is
        not built yet; choose View → Explorer in the settings to see the same settings in the main figures.
      </p>
    </main>
  );
}
