/**
 * "What am I seeing?" for every figure: one paragraph of plain text and the governing formulas, each
 * typeset from TeX and taken from shared/spec/pc-alm-math.md (the section is named). Text only: it is
 * rendered as React text nodes and KaTeX DOM, never parsed as HTML.
 */

export interface Formula {
  tex: string;
  /** What the formula says, in a few words, with the spec section. */
  caption: string;
}

export interface Explanation {
  text: string;
  formulas: Formula[];
}

export const EXPLANATIONS = {
  heatmaps: {
    text:
      'Each map has one row per hidden layer (the input side at the bottom, the readout side at the top) ' +
      'and one column per inference step; the colour is the size of a layer’s prediction error r, of its ' +
      'multiplier λ, or of their sum ε, the credit its weight update is made from. The output error ' +
      'reaches the top layer at step 1 and has to work its way down. Under PC it spreads like heat and ' +
      'fades with depth; under PC-ALM every multiplier keeps adding up its layer’s leftover error and ' +
      'hands it on, so the credit arrives as a front moving at a steady speed. With theory overlays on, ' +
      'dashed lines mark the depth the linear theory predicts for each front.',
    formulas: [
      {
        tex: 'r_l = h_l - f_l(h_{l-1}),\\quad \\varepsilon_l = r_l + \\lambda_l',
        caption: 'residual and credit (§3)',
      },
      { tex: '\\lambda_l \\leftarrow \\lambda_l + \\eta_\\lambda\\, r_l', caption: 'dual step (§4)' },
      {
        tex: 'd_{\\mathrm{PC}}(t) \\approx \\sqrt{\\eta_h\\, t},\\qquad d_{\\mathrm{ALM}}(t) \\approx \\sqrt{\\eta_h \\eta_\\lambda}\\; t',
        caption: 'layers below the top reached after t steps: diffusive and ballistic (§8)',
      },
    ],
  },
  annulus: {
    text:
      'One inference step of PC-ALM (an activity step, then a dual step) is a linear map when φ is the ' +
      'identity, and this is where its eigenvalues lie in the complex plane. Each singular value σ of the ' +
      'constraint matrix A contributes two. A pair that turns complex sits on the circle of radius ' +
      '√(1 − η_h σ²), whatever η_λ is: raising η_λ only moves it around that circle, which makes the ' +
      'credit oscillate faster, i.e. travel further per step. So all complex eigenvalues stay in the ring ' +
      'between the radii for σ_max and σ_min. Inside the unit circle a mode dies out; one that leaves it ' +
      'makes the run diverge. With theory overlays on, the ring and the circles of a few modes are drawn.',
    formulas: [
      {
        tex: 'z^2 - \\bigl(2 - a(1+\\eta_\\lambda)\\bigr) z + (1 - a) = 0,\\quad a = \\eta_h \\sigma^2',
        caption: 'the two eigenvalues of one mode, readout dropped (§7)',
      },
      {
        tex: '|z| = \\sqrt{1 - \\eta_h \\sigma^2}\\ \\text{(complex pair)},\\qquad 0 < \\eta_h\\sigma^2 < \\frac{4}{2+\\eta_\\lambda}',
        caption: 'radius of a complex pair, and the Jury stability condition (§7)',
      },
    ],
  },
  cosine: {
    text:
      'The weight update each method would make if inference stopped at step t, compared with ' +
      'backprop’s by the cosine of the angle between them (1: the same direction). The curve is the ' +
      'whole update, all layers together; the bands below split it per weight matrix. PC’s curve levels ' +
      'off early: its equilibrium is a compromise between layers. PC-ALM’s keeps climbing towards 1 and ' +
      'rises steeply once its credit front reaches the first layer, near the predicted step t*.',
    formulas: [
      {
        tex: 'G_1 = -a_1\\, \\varepsilon_1 x^\\top,\\quad G_l = -a_l\\, \\varepsilon_l\\, \\varphi(h_{l-1})^\\top,\\quad G_L = -a_L\\, e\\, \\varphi(h_{L-1})^\\top',
        caption: 'the update read at step t (§5, §6)',
      },
      {
        tex: '\\cos\\bigl(G(t), G^{\\mathrm{BP}}\\bigr) = \\frac{\\langle G(t), G^{\\mathrm{BP}}\\rangle}{\\lVert G(t)\\rVert\\, \\lVert G^{\\mathrm{BP}}\\rVert},\\qquad t^\\star \\approx \\frac{L}{\\sqrt{\\eta_h \\eta_\\lambda}}',
        caption: 'the plotted cosine, and the predicted inflection (§8)',
      },
    ],
  },
  traces: {
    text:
      'A few units of one hidden layer, followed through the inference steps for one sample: above, the ' +
      'activity h (or its change since the forward pass), below, the multiplier λ. PC moves h a little ' +
      'and stops where the layer’s error balances the error above it. PC-ALM first moves h the same way, ' +
      'then λ takes over the credit and h returns towards its forward-pass value, so at the end the ' +
      'network’s prediction is untouched while λ carries backprop’s adjoint.',
    formulas: [
      {
        tex: 'h_l \\leftarrow h_l - \\eta_h \\bigl(\\varepsilon_l - J_{l+1}^\\top \\varepsilon_{l+1}\\bigr),\\qquad \\lambda_l \\leftarrow \\lambda_l + \\eta_\\lambda\\, r_l',
        caption: 'activity and dual steps (§3, §4)',
      },
      {
        tex: 'r = 0,\\quad \\lambda_l = -\\delta_l',
        caption: 'PC-ALM’s fixed point: forward pass and BP adjoints (§5, §7)',
      },
    ],
  },
  batch: {
    text:
      'The samples whose inference the other figures show. Every sample is inferred on its own, with the ' +
      'same weights: the heatmaps and the cosine summarise the whole batch, and the framed sample is the ' +
      'probe whose units are traced and at whose forward pass a nonlinear network is linearized for the ' +
      'eigenvalue figure.',
    formulas: [
      {
        tex: '\\ell = \\tfrac12 \\lVert y - \\hat y\\rVert^2,\\quad \\hat y = a_L W_L\\, \\varphi(h_{L-1})',
        caption: 'per-sample loss and readout (§1)',
      },
    ],
  },
  scalarTrajectories: {
    text:
      'Inference on the smallest network where PC and PC-ALM differ: x → h → ŷ, one number per layer. ' +
      'PC (λ ≡ 0) moves h from its forward value h̄ = w₁x towards the output until the hidden error and ' +
      'the output error balance at h*, and stays there. PC-ALM starts the same way, but λ keeps adding ' +
      'up the hidden error r, so it grows to −δ, backprop’s adjoint, and pushes h back to h̄: the error r ' +
      'vanishes and the prediction is the forward pass again. Dashed lines mark these fixed points.',
    formulas: [
      {
        tex: 'h \\leftarrow h - \\eta_h\\,(r + \\lambda - w_2 e),\\quad \\lambda \\leftarrow \\lambda + \\eta_\\lambda r,\\quad r = h - w_1 x,\\ e = y - w_2 h',
        caption: 'spec §3–4 with scalars, a₁ = a₂ = 1',
      },
      {
        tex: 'h^\\ast = \\frac{w_1 x + w_2 y}{1 + w_2^2},\\qquad \\text{PC-ALM: } h = w_1 x,\\ \\lambda = -\\delta = w_2\\,(y - w_2 w_1 x)',
        caption: 'where PC settles (minimum of F), and PC-ALM’s fixed point (§5, §7)',
      },
    ],
  },
  scalarPhase: {
    text:
      'The same two runs as paths, one point per step, in the plane of the two unknowns of inference: ' +
      'the hidden activity h and its multiplier λ. PC can only move along λ = 0 and stops at h*. PC-ALM ' +
      'leaves that axis as soon as λ starts collecting the hidden error, and heads for (h̄, −δ), where ' +
      'the constraint holds and λ is backprop’s adjoint. One step is the linear map M of the theory: ' +
      'when its two eigenvalues are a complex pair the path spirals in, turning faster as η_λ grows, ' +
      'and its distance to the fixed point shrinks by the factor |z| per step.',
    formulas: [
      {
        tex: 'M = \\begin{pmatrix} 1 - \\eta_h H & -\\eta_h \\\\ \\eta_\\lambda (1 - \\eta_h H) & 1 - \\eta_h \\eta_\\lambda \\end{pmatrix},\\quad H = 1 + w_2^2',
        caption: 'one activity step, then one dual step, around the fixed point (§7 with A = 1, K = w₂)',
      },
      {
        tex: '\\det M = 1 - \\eta_h H \\;\\Rightarrow\\; |z| = \\sqrt{1 - \\eta_h H}\\ \\text{for a complex pair}',
        caption: 'the radius does not depend on η_λ (§7)',
      },
    ],
  },
  scalarUpdates: {
    text:
      'The weight update Δw = −G each method would make, as an arrow in the plane of the two weights ' +
      '(learning rate 1, equal units on both axes, so angles are true). BP’s arrow is the target. ' +
      'Equilibrated PC’s is shorter along w₁ by the factor 1/(1 + w₂²) and points elsewhere. PC-ALM’s ' +
      'arrow at step 0 has BP’s Δw₂ but no Δw₁ (no credit has reached h yet); as the steps proceed it ' +
      'turns onto BP’s, and its trail shows the way it took. Move the step slider or press Play.',
    formulas: [
      {
        tex: 'G_1 = -\\varepsilon\\, x,\\quad G_2 = -e\\, h',
        caption: 'the update at step t (§5), ε = r + λ',
      },
      {
        tex: 'G^{\\mathrm{BP}}_1 = \\delta\\, x = -w_2\\, \\bar e\\, x,\\quad G^{\\mathrm{BP}}_2 = -\\bar e\\, w_1 x,\\quad \\bar e = y - w_2 w_1 x',
        caption: 'backprop at the forward pass (§5)',
      },
    ],
  },
} as const satisfies Record<string, Explanation>;

export type ExplanationId = keyof typeof EXPLANATIONS;
