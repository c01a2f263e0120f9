"""Check many cascades on a Dask cluster of worker processes.

Each task takes a batch of documents, checks them with
``okr_cascade.validate_many`` on its worker (the GIL released, one thread
per worker process here) and sends the ``Report`` objects back: results
pickle, so they cross process and machine boundaries as they are. A
document that cannot be read comes back as its exception object in its
slot; the batch goes on.

Run it on a local cluster of worker processes::

    python examples/dask_check.py                      # 300 documents
    python examples/dask_check.py --documents 1000 --workers 4

or on a real cluster, unchanged, by naming its scheduler::

    python examples/dask_check.py --scheduler tcp://scheduler:8786

The documents here are generated (``okr_cascade.synth``) on the workers
from their seeds, so only seeds and reports travel; with documents kept as
files, pass paths (or texts) in the batches instead: ``validate_many``
takes both.
"""

from __future__ import annotations

import argparse
import time
from typing import Any, Iterator, List, Optional, Sequence, Union

import okr_cascade as okr

Result = Union[okr.Report, Exception]


def check_batch(seeds: Sequence[int], teams: int) -> List[Result]:
    """On a worker: generate the batch's documents and check them."""
    docs = [okr.synth(teams, seed) for seed in seeds]
    return okr.validate_many(docs, threads=1)


def batches(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def check_on_cluster(
    seeds: Sequence[int],
    teams: int,
    *,
    workers: int = 2,
    batch: int = 25,
    scheduler: Optional[str] = None,
) -> List[Result]:
    """Every document's report, in the order of ``seeds``.

    With ``scheduler`` None, a local cluster of ``workers`` worker
    processes (one thread each) is started and stopped; otherwise the
    cluster at that address does the work.
    """
    from dask.distributed import Client, LocalCluster

    cluster: Any = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        futures = client.map(
            check_batch, list(batches(seeds, batch)), teams=teams, pure=False
        )
        results: List[Result] = []
        for part in client.gather(futures):
            results.extend(part)
        return results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def check_serially(seeds: Sequence[int], teams: int) -> List[Result]:
    """The same reports, one document after another in this process."""
    return [okr.load(okr.synth(teams, seed)).validate() for seed in seeds]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--teams", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--scheduler", default=None)
    args = parser.parse_args(argv)
    seeds = list(range(args.documents))
    t = time.perf_counter()
    got = check_on_cluster(
        seeds, args.teams, workers=args.workers, batch=args.batch, scheduler=args.scheduler
    )
    seconds = time.perf_counter() - t
    want = check_serially(seeds, args.teams)
    same = got == want
    warnings = sum(r.summary.warnings for r in got if isinstance(r, okr.Report))
    print(
        f"{len(got)} documents checked on the cluster in {seconds:.1f} s: "
        f"{warnings} warnings; {'same as' if same else 'DIFFERENT FROM'} the serial results"
    )
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
