"""--executor dask://HOST:PORT: the worker jobs go to a Dask cluster and give the very same site."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from leaflets import cli, executors, isolate, pipeline
from leaflets.project import Project
from support import copy_project


def small_project(root: Path) -> Path:
    """The HSG leaflet in English and Polish, in the formats that go to workers (PDFs, website)."""
    copy_project(root)
    meta = root / "content" / "hsg" / "leaflet.yml"
    text = meta.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^languages: .*$", "languages: [en, pl]", text, count=1)
    text = re.sub(r"(?m)^formats: .*$", "formats: [html, site, large-print, print, easy-read]", text, count=1)
    meta.write_text(text, encoding="utf-8")
    return root


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def cluster():
    dask = pytest.importorskip("dask")
    distributed = pytest.importorskip("distributed")
    # Each worker starts its own warm pool of PDF processes: it must not be daemonic.
    with dask.config.set({"distributed.worker.daemon": False}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                     dashboard_address=None) as local_cluster:
        yield local_cluster.scheduler_address.replace("tcp://", "dask://")
        closing = time.monotonic()
    # A worker that does not stop its warm pool as it ends waits for it until its nanny kills it, 4 s on.
    closed_in = time.monotonic() - closing
    assert closed_in < 3, f"the cluster took {closed_in:.1f} s to close: a worker's pool kept it up"


@pytest.mark.slow
@pytest.mark.pdf
def test_a_build_on_a_dask_cluster_is_byte_identical_to_a_local_one(tmp_path, cluster):
    project = Project.at(small_project(tmp_path / "project"))
    local = pipeline.build(project, tmp_path / "local", options=pipeline.Options(jobs=2))
    assert local.published, "\n".join(map(str, local.diagnostics))
    with executors.connect(cluster) as executor:
        remote = pipeline.build(project, tmp_path / "remote", options=pipeline.Options(jobs=2, executor=executor))
        # Every job went to the cluster: each worker that ran one has its own warm pool.
        pools = executor._client.run(lambda: __import__("leaflets.isolate").isolate._POOL is not None)
    assert remote.published, "\n".join(map(str, remote.diagnostics))
    assert any(pools.values()), "no job ran on the cluster's workers"
    local_files, remote_files = files(tmp_path / "local"), files(tmp_path / "remote")
    for made in ("en/hsg/hsg-en-large-print.pdf", "pl/hsg/hsg-pl-print.pdf", "pl/hsg/hsg-pl-easy-read.pdf",
                 "en/hsg/index.html", "pl/hsg/index.html"):
        assert made in local_files
    assert sorted(remote_files) == sorted(local_files)
    assert [name for name in local_files if local_files[name] != remote_files[name]] == []


@pytest.mark.slow
def test_a_job_over_its_time_limit_on_the_cluster_is_stopped_and_the_others_go_on(cluster):
    with executors.connect(cluster) as executor:
        started = time.monotonic()
        # time.sleep(job): importable everywhere; 30 s is over the 1 s limit, 0 is not (the limit counts
        # from when a worker's pool starts the job, not from a cold pool's start).
        outcomes = isolate.run_isolated(time.sleep, [30, 0], 1, key=lambda job: job, executor=executor)
    assert time.monotonic() - started < 25
    assert outcomes[30].error == "took longer than 1 s and was stopped"
    assert outcomes[0] is None  # time.sleep's own result: the short job ran to its end


@pytest.mark.slow
@pytest.mark.pdf
def test_on_the_cluster_a_pdf_may_read_only_its_asset_folders(tmp_path, cluster):
    from leaflets import render_pdf

    (tmp_path / "assets").mkdir()
    (tmp_path / "secret.txt").write_text("not for a PDF", encoding="utf-8")

    def job(key: str, body: str) -> render_pdf.Job:
        return render_pdf.Job(key=key, label=key, html=f"<html lang='en'><body><p>{key}</p>{body}</body></html>",
                              base_url=(tmp_path / "assets").as_uri() + "/", roots=(str(tmp_path / "assets"),),
                              created="2026-11-01T00:00:00+00:00")
    jobs = [job("ok", ""), job("outside", '<a rel="attachment" href="../secret.txt">x</a>'),
            job("network", '<img src="https://example.org/x.png" alt="x">')]
    with executors.connect(cluster) as executor:
        outcomes = isolate.run_isolated(render_pdf.render_job, jobs, 60, executor=executor)
    assert outcomes["ok"].pdf.startswith(b"%PDF") and outcomes["ok"].error is None
    assert "is outside the project's asset folders" in outcomes["outside"].error
    assert outcomes["outside"].pdf is None
    assert "no network" in outcomes["network"].error and outcomes["network"].pdf is None


def test_an_executor_address_must_be_dask_host_port():
    assert executors.parse("dask://127.0.0.1:8786") == "tcp://127.0.0.1:8786"
    for bad in ("127.0.0.1:8786", "dask://127.0.0.1", "tcp://127.0.0.1:8786", "dask://:8786", "dask://h:1/x"):
        with pytest.raises(executors.ExecutorError, match="dask://HOST:PORT"):
            executors.parse(bad)


def test_no_scheduler_is_a_one_line_error_before_anything_is_built(tmp_path, capsys):
    root = copy_project(tmp_path / "project", locales=False)
    started = time.monotonic()  # waits out --executor-timeout: 0.5 s, not the default 10 s
    code = cli.main(["--root", str(root), "--executor", "dask://127.0.0.1:9", "--executor-timeout", "0.5",
                     "build", "--out", str(tmp_path / "site")])
    waited = time.monotonic() - started
    err = capsys.readouterr().err
    assert waited < 5, f"--executor-timeout 0.5 waited {waited:.1f} s"
    assert code == 2
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in err
    assert "Traceback" not in err
    assert not (tmp_path / "site").exists()
