"""tests/shared.py: work shared by test files is done once per run."""

from tests.shared import once


def test_once_makes_the_folder_the_first_time_and_then_returns_it(tmp_path_factory):
    made = []

    def make(folder):
        made.append(folder)
        folder.mkdir()
        (folder / "result.txt").write_text("made")

    first = once(tmp_path_factory, "shared-example", make)
    second = once(tmp_path_factory, "shared-example", make)
    assert first == second == made[0] and len(made) == 1
    assert (second / "result.txt").read_text() == "made"
