"""Group commit: many threads' inserts, one transaction each group, nothing lost."""

import threading

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, func, select

from services.common.db import tune_sqlite
from services.common.group_commit import GroupCommit, UniqueViolation

metadata = MetaData()
people = Table(
    "people", metadata, Column("id", Integer, primary_key=True), Column("email", String(64))
)
notes = Table("notes", metadata, Column("id", Integer, primary_key=True), Column("person", Integer))
never_created = Table("never_created", MetaData(), Column("id", Integer, primary_key=True))


@pytest.fixture
def engine(database_url):
    engine = create_engine(database_url)
    tune_sqlite(engine)
    metadata.create_all(engine)
    yield engine
    engine.dispose()


def count(engine, table) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar()


def test_every_write_of_many_threads_is_committed(engine):
    writer = GroupCommit(engine)
    errors = []

    def write(start: int) -> None:
        try:
            for i in range(start, start + 50):
                writer.insert([(people, [{"id": i, "email": f"p{i}"}]), (notes, [{"person": i}])])
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n * 1000,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writer.close()
    assert errors == []
    assert count(engine, people) == 400 and count(engine, notes) == 400


def test_a_conflicting_write_is_refused_whole_and_the_rest_are_written(engine):
    writer = GroupCommit(engine)
    writer.insert([(people, [{"id": 1, "email": "first"}])])
    outcomes = {}
    barrier = threading.Barrier(6)

    def write(n: int) -> None:
        barrier.wait()
        person = 1 if n == 0 else 100 + n  # the first thread reuses a taken id
        try:
            writer.insert(
                [(notes, [{"id": 500 + n, "person": person}]), (people, [{"id": person}])]
            )
            outcomes[n] = "written"
        except UniqueViolation:
            outcomes[n] = "conflict"

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writer.close()
    assert outcomes == {0: "conflict", **{n: "written" for n in range(1, 6)}}
    assert count(engine, people) == 6
    assert count(engine, notes) == 5  # the conflicting write's note is not there either


def test_a_broken_write_fails_its_caller_and_the_writer_goes_on(engine):
    writer = GroupCommit(engine)
    with pytest.raises(Exception) as failure:
        writer.insert([(people, [{"id": 1, "email": "a"}]), (never_created, [{"id": 1}])])
    assert not isinstance(failure.value, UniqueViolation)
    writer.insert([(people, [{"id": 2, "email": "fine"}])])
    writer.close()
    assert count(engine, people) == 1
