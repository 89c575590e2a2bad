"""Independent check of `cli train`: BP, PC and PC-ALM written from docs (spec §1-5, §9) with PyTorch
autograd instead of hand-derived gradients, trained on what scripts/crosscheck/export.ts wrote (the same
initial weights, standardised data, batch order, η_h, T and learning rate).

    /usr/bin/python3 scripts/crosscheck/train_torch.py DIR [--methods bp,pc,pcalm] [--compare RESULTS]

RESULTS is a `cli train --out` directory of the same configuration; its final test accuracies are
printed beside these. Needs numpy and torch (Debian: apt-get install -y python3-torch).
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch


def load(directory: Path):
    meta = json.loads((directory / "meta.json").read_text())
    flat = np.fromfile(directory / "weights.f32", dtype=np.float32)
    weights, offset = [], 0
    for rows, cols in meta["shapes"]:
        size = rows * cols
        weights.append(torch.tensor(flat[offset : offset + size].reshape(rows, cols)))
        offset += size
    split = {}
    for name in ("train", "test"):
        labels = np.fromfile(directory / f"labels_{name}.u8", dtype=np.uint8).astype(np.int64)
        inputs = np.fromfile(directory / f"x_{name}.f32", dtype=np.float32).reshape(len(labels), -1)
        split[name] = (torch.tensor(inputs), torch.tensor(labels))
    order = np.fromfile(directory / "batch_order.u32", dtype=np.uint32).astype(np.int64)
    return meta, weights, split, order


class Model:
    """f_1(x) = a_1 W_1 x; f_l(h) = [h +] a_l W_l φ(h); ŷ = a_L W_L φ(h_{L-1}) (rows are samples)."""

    def __init__(self, meta, weights):
        self.a = meta["a"]
        self.residual = meta["arch"] == "residual"
        self.phi = {"relu": torch.relu, "tanh": torch.tanh, "identity": lambda h: h}[meta["act"]]
        self.W = [w.clone().requires_grad_(True) for w in weights]
        self.L = len(self.W)

    def predict(self, layer, below):
        """f_{layer+1}(below) for a 0-based layer index; `below` is x for layer 0."""
        if layer == 0:
            return self.a[0] * (below @ self.W[0].T)
        mixed = self.a[layer] * (self.phi(below) @ self.W[layer].T)
        interior = layer < self.L - 1
        return below + mixed if interior and self.residual else mixed

    def forward(self, x):
        states = [x]
        for layer in range(self.L):
            states.append(self.predict(layer, states[-1]))
        return states[1:]

    def energy(self, x, y, hidden, duals):
        """Batch mean of ℓ + ½ Σ_l ‖r_l + λ_l‖² (the augmented Lagrangian up to a λ-only term)."""
        batch = x.shape[0]
        total = 0.5 * ((self.predict(self.L - 1, hidden[-1]) - y) ** 2).sum() / batch
        for layer, h in enumerate(hidden):
            r = h - self.predict(layer, x if layer == 0 else hidden[layer - 1])
            total = total + 0.5 * ((r + duals[layer]) ** 2).sum() / batch
        return total

    def inference_gradients(self, x, y, eta_h, eta_lambda, steps):
        """Spec §4: T activity steps from the forward pass, a dual step after each but the last; then ∂E/∂W."""
        batch = x.shape[0]
        with torch.no_grad():
            hidden = self.forward(x)[:-1]
        duals = [torch.zeros_like(h) for h in hidden]
        for t in range(1, steps + 1):
            hidden = [h.detach().requires_grad_(True) for h in hidden]
            grads = torch.autograd.grad(self.energy(x, y, hidden, duals), hidden)
            with torch.no_grad():
                # The energy is a batch mean: B·η_h is the per-sample rate η_h.
                hidden = [h - eta_h * batch * g for h, g in zip(hidden, grads)]
                if t < steps and eta_lambda:
                    duals = [
                        lam + eta_lambda * (h - self.predict(k, x if k == 0 else hidden[k - 1]))
                        for k, (lam, h) in enumerate(zip(duals, hidden))
                    ]
        hidden = [h.detach() for h in hidden]
        return torch.autograd.grad(self.energy(x, y, hidden, duals), self.W)

    def backprop_gradients(self, x, y):
        loss = 0.5 * ((self.forward(x)[-1] - y) ** 2).sum() / x.shape[0]
        return torch.autograd.grad(loss, self.W)

    def accuracy(self, x, labels):
        with torch.no_grad():
            return (self.forward(x)[-1].argmax(1) == labels).float().mean().item()


def train(method, meta, weights, split, order):
    model = Model(meta, weights)
    optimizer = torch.optim.Adam(model.W, lr=meta["lr"])
    x_train, labels_train = split["train"]
    targets = torch.eye(meta["classes"])
    batch = meta["batch"]
    started = time.time()
    for start in range(0, len(order), batch):
        index = order[start : start + batch]
        x, y = x_train[index], targets[labels_train[index]]
        if method == "bp":
            grads = model.backprop_gradients(x, y)
        else:
            eta_lambda = meta["etaLambda"] if method == "pcalm" else 0.0
            grads = model.inference_gradients(x, y, meta["etaH"], eta_lambda, meta["T"])
        for w, g in zip(model.W, grads):
            w.grad = g
        optimizer.step()
    return model.accuracy(*split["test"]), time.time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--methods", default="bp,pc,pcalm")
    parser.add_argument("--compare", type=Path, help="a `cli train --out` directory to print beside")
    args = parser.parse_args()
    torch.set_num_threads(1)
    meta, weights, split, order = load(args.directory)
    print(f"{'method':8} {'torch test acc':>15} {'cli test acc':>13} {'torch wall':>11}")
    for method in args.methods.split(","):
        accuracy, seconds = train(method, meta, weights, split, order)
        ours = "-"
        summary = args.compare / method / "summary.json" if args.compare else None
        if summary and summary.exists():
            ours = f"{100 * json.loads(summary.read_text())['finalTestAccuracy']:.2f} %"
        print(f"{method:8} {100 * accuracy:13.2f} % {ours:>13} {seconds:10.0f}s", flush=True)


if __name__ == "__main__":
    main()
