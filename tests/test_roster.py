"""Roster import: formats, form exports, bad rows, re-import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentorkit.cli import main
from mentorkit.errors import UnusableInput
from mentorkit.model import Contact, Goal
from mentorkit.roster import import_roster, load_column_map
from mentorkit.store import Cohort


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_sample_cohort_imports_completely(sample_cohort: Cohort) -> None:
    ids = sample_cohort.ids()
    assert len(ids) == 12
    ana = sample_cohort.load("ana-lima")
    assert ana.profile.name == "Ana Lima"
    assert ana.profile.career_stage == "doctoral"
    assert ana.profile.extra == {"How did you hear about the workshop?": "Graduate school newsletter"}
    assert [s.name for s in ana.skills][:2] == ["Public speaking", "Academic writing"]
    assert ana.skills[0].current == 2
    assert ana.needs == ["sponsorship", "substantive_feedback", "accountability"]
    assert [g.text for g in ana.goals] == [
        "Submit first-author paper by June",
        "Land a postdoc in marine ecology",
    ]
    assert ana.values == ["Curiosity", "Collaboration"]


def test_google_forms_export_with_rating_grid(tmp_path: Path) -> None:
    roster = write(
        tmp_path / "form.csv",
        "Timestamp,Email Address,Full name,What is your current role?,"
        "How confident are you? [Public speaking],How confident are you? [Writing],"
        "Which of these do you want? [Sponsorship],Which of these do you want? [Feedback]\n"
        "2026/11/02 10:01:00,mira.solberg@example.org,Mira Solberg,Analyst,4,2,Yes,No\n"
        "2026/11/02 10:05:00,teo.varga@example.org,Teo Varga,Student,3 - Okay,5,No,Yes\n",
    )
    result = import_roster(roster, tmp_path / "c")
    assert result.exit_code == 0
    cohort = Cohort(tmp_path / "c")
    assert cohort.ids() == ["mira-solberg", "teo-varga"]
    mira = cohort.load("mira-solberg")
    assert mira.profile.email == "mira.solberg@example.org"
    assert {s.name: s.current for s in mira.skills} == {"Public speaking": 4, "Writing": 2}
    # Unmapped columns, including a non-rating grid, are kept verbatim.
    assert mira.profile.extra["Timestamp"] == "2026/11/02 10:01:00"
    assert mira.profile.extra["What is your current role?"] == "Analyst"
    assert mira.profile.extra["Which of these do you want? [Sponsorship]"] == "Yes"
    teo = cohort.load("teo-varga")
    assert {s.name: s.current for s in teo.skills} == {"Public speaking": 3, "Writing": 5}


def test_microsoft_forms_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook as XlsxBook

    book = XlsxBook()
    sheet = book.active
    sheet.append(
        ["ID", "Start time", "Completion time", "Email", "Name", "Rate yourself [Leadership]"]
    )
    sheet.append([1, "2026-11-02", "2026-11-02", "noor.haddou@example.org", "Noor Haddou", 3])
    sheet.append([2, "2026-11-02", "2026-11-02", "anonymous", "Pim de Wit", 4.0])
    path = tmp_path / "ms.xlsx"
    book.save(path)
    result = import_roster(path, tmp_path / "c")
    assert result.exit_code == 0, [str(r) for r in result.reports]
    cohort = Cohort(tmp_path / "c")
    # The response number in "ID" is not a participant id; "anonymous" is no email.
    assert cohort.ids() == ["noor-haddou", "pim-de-wit"]
    noor = cohort.load("noor-haddou")
    assert noor.skills[0].name == "Leadership" and noor.skills[0].current == 3
    assert noor.profile.extra["ID"] == "1"
    pim = cohort.load("pim-de-wit")
    assert pim.skills[0].current == 4 and pim.profile.email == ""


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_semicolon_csv_in_common_encodings(tmp_path: Path, encoding: str) -> None:
    roster = write(
        tmp_path / "r.csv",
        "name;email;field;skill: Negotiation\nRenée Kowalczyk;renee.k@example.org;Économie;2\n",
        encoding,
    )
    assert import_roster(roster, tmp_path / "c").exit_code == 0
    renee = Cohort(tmp_path / "c").load("renee-k")
    assert renee.profile.name == "Renée Kowalczyk"
    assert renee.profile.field == "Économie"
    assert renee.skills[0].current == 2


def test_mixed_good_and_bad_rows_are_reported_and_good_rows_kept(tmp_path: Path, capsys) -> None:
    roster = write(
        tmp_path / "mixed.csv",
        "name,email,id,skill: Writing\n"
        "Ola Nordmann,ola@example.org,,3\n"  # row 2 ok
        ",nobody@example.org,,2\n"  # row 3 missing name
        "Kim Berg,not-an-email,,2\n"  # row 4 malformed email
        "Lea Sand,lea@example.org,,7\n"  # row 5 rating out of range
        ",,,\n"  # row 6 blank: skipped silently
        "Max Ruiz,max@example.org,Max Ruiz!,1\n"  # row 7 bad id
        "Ivo Tal,ivo@example.org,,5\n",  # row 8 ok
    )
    code = main(["import", str(roster), "--cohort", str(tmp_path / "c")])
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "row 3: rejected: missing name",
        "row 4 (Kim Berg): rejected: malformed email address",
        "row 5 (Lea Sand): rejected: rating for skill 'Writing' is not a whole number 1-5",
        "row 7 (Max Ruiz): rejected: bad id: use lowercase letters, digits and '-' only",
    ]
    assert Cohort(tmp_path / "c").ids() == ["ivo", "ola"]


def test_duplicate_email_later_row_wins(tmp_path: Path) -> None:
    roster = write(
        tmp_path / "dup.csv",
        "name,email,role\nAsa Lind,asa@example.org,Student\nBo Lund,bo@example.org,Nurse\n"
        "Asa Lind,ASA@example.org,Engineer\n",
    )
    result = import_roster(roster, tmp_path / "c")
    assert result.exit_code == 0
    assert [str(r) for r in result.reports] == [
        "row 4 (Asa Lind): note: same email as row 2; row 2 superseded by this row"
    ]
    assert Cohort(tmp_path / "c").load("asa").profile.role == "Engineer"


def test_id_collisions_get_numbered(tmp_path: Path) -> None:
    roster = write(
        tmp_path / "r.csv",
        "name,email\nSam Lee,sam@example.org\nSam Lee,sam@example.net\nSam Lee,\n",
    )
    import_roster(roster, tmp_path / "c")
    assert Cohort(tmp_path / "c").ids() == ["sam", "sam-2", "sam-lee"]
    # Re-import maps each email back to the same participant.
    import_roster(roster, tmp_path / "c")
    cohort = Cohort(tmp_path / "c")
    assert cohort.load("sam-2").profile.email == "sam@example.net"


def test_reimport_updates_profile_and_keeps_answers(tmp_path: Path) -> None:
    header = "name,email,role,goals\n"
    roster = write(tmp_path / "r.csv", header + "Eva Holm,eva@example.org,Student,Finish thesis\n")
    import_roster(roster, tmp_path / "c")
    cohort = Cohort(tmp_path / "c")
    wb = cohort.load("eva")
    wb.goals[0].measure = "Thesis submitted"
    wb.goals.append(Goal(text="Give a talk at a conference"))
    wb.contacts.append(Contact(name="Prof. Aino Kallio", needs=["sponsorship"]))
    cohort.save(wb)

    write(roster, header + "Eva Holm,eva@example.org,Research assistant,Finish thesis;Learn R\n")
    result = import_roster(roster, tmp_path / "c")
    assert result.updated == ["eva"] and result.created == []
    wb = cohort.load("eva")
    assert wb.profile.role == "Research assistant"
    assert [g.text for g in wb.goals] == ["Finish thesis", "Give a talk at a conference", "Learn R"]
    assert wb.goals[0].measure == "Thesis submitted"
    assert wb.contacts[0].name == "Prof. Aino Kallio"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "file not found"),
        ("", "the file is empty"),
        ("email,role\nx@example.org,Student\n", "no name column"),
    ],
)
def test_unusable_file_exits_2_with_one_line(tmp_path: Path, capsys, content, reason) -> None:
    roster = tmp_path / "r.csv"
    if content is not None:
        write(roster, content)
    code = main(["import", str(roster), "--cohort", str(tmp_path / "c")])
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and reason in err[0] and str(roster) in err[0]


def test_column_map(tmp_path: Path) -> None:
    roster = write(
        tmp_path / "r.csv",
        "What should we call you?,Work email,How comfortable are you presenting?,Notes\n"
        "Ilse Brandt,ilse@example.org,4,likes tea\n",
    )
    cmap = write(
        tmp_path / "map.toml",
        '[columns]\n"What should we call you?" = "name"\n"Work email" = "email"\n'
        '"How comfortable are you presenting?" = "skill: Public speaking"\n"Notes" = "ignore"\n',
    )
    assert import_roster(roster, tmp_path / "c", load_column_map(cmap)).exit_code == 0
    ilse = Cohort(tmp_path / "c").load("ilse")
    assert ilse.skills[0].name == "Public speaking" and ilse.skills[0].current == 4
    assert ilse.profile.extra == {}


def test_column_map_with_unknown_target_is_unusable(tmp_path: Path) -> None:
    cmap = write(tmp_path / "map.toml", '[columns]\n"Name please" = "nickname"\n')
    with pytest.raises(UnusableInput, match="unknown 'nickname'"):
        load_column_map(cmap)


def test_unreadable_workbook_is_left_alone_on_reimport(tmp_path: Path) -> None:
    roster = write(tmp_path / "r.csv", "name,email\nUlla Berg,ulla@example.org\n")
    import_roster(roster, tmp_path / "c")
    path = Cohort(tmp_path / "c").path_for("ulla")
    path.write_text("{ broken", encoding="utf-8")
    result = import_roster(roster, tmp_path / "c")
    assert result.exit_code == 1
    assert "cannot be read" in str(result.rejected[0])
    assert path.read_text(encoding="utf-8") == "{ broken"


def test_cli_validate_reports_each_problem(sample_cohort: Cohort, capsys) -> None:
    assert main(["validate", str(sample_cohort.root)]) == 0
    path = sample_cohort.path_for("ben-okafor")
    data = json.loads(path.read_text())
    data["skills"][0]["current"] = 9
    data["goals"] = [{"kind": "hobby"}]
    path.write_text(json.dumps(data))
    assert main(["validate", str(sample_cohort.root)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{path}: skills.0.current: Input should be less than or equal to 5" in err
    assert any(line.startswith(f"{path}: goals.0.kind: ") for line in err)


def test_rating_grid_keeps_good_ratings_when_one_cell_is_bad(tmp_path: Path) -> None:
    roster = write(
        tmp_path / "form.csv",
        "Timestamp,Email Address,Full name,How confident are you? [Public speaking],"
        "How confident are you? [Writing],How confident are you? [Networking]\n"
        "2026/11/02 10:01:00,mira.solberg@example.org,Mira Solberg,4,7,2\n"
        "2026/11/02 10:05:00,teo.varga@example.org,Teo Varga,3 - Okay,5,1\n"
        "2026/11/02 10:07:00,ines.moreau@example.org,Ines Moreau,2,3,lots\n",
    )
    result = import_roster(roster, tmp_path / "c")
    assert result.exit_code == 0, [str(r) for r in result.reports]
    cohort = Cohort(tmp_path / "c")
    mira = cohort.load("mira-solberg")
    # The out-of-range cell is skipped; Mira's other ratings keep their meaning.
    assert {s.name: s.current for s in mira.skills} == {"Public speaking": 4, "Networking": 2}
    assert "How confident are you? [Writing]" not in mira.profile.extra
    teo = cohort.load("teo-varga")
    assert {s.name: s.current for s in teo.skills} == {"Public speaking": 3, "Writing": 5, "Networking": 1}
    ines = cohort.load("ines-moreau")
    assert {s.name: s.current for s in ines.skills} == {"Public speaking": 2, "Writing": 3}
    notes = sorted((r.row, r.rejected, r.message) for r in result.reports)
    assert [(row, rejected) for row, rejected, _ in notes] == [(2, False), (4, False)]
    assert "column 5 'How confident are you? [Writing]'" in notes[0][2] and "'7'" in notes[0][2]
    assert "column 6 'How confident are you? [Networking]'" in notes[1][2] and "'lots'" in notes[1][2]


def test_grid_of_words_stays_free_text(tmp_path: Path) -> None:
    roster = write(
        tmp_path / "form.csv",
        "Full name,Which do you want? [Sponsorship],Which do you want? [Feedback]\n"
        "Mira Solberg,Yes,3\nTeo Varga,No,Yes\n",
    )
    import_roster(roster, tmp_path / "c")
    mira = Cohort(tmp_path / "c").load("mira-solberg")
    assert mira.skills == []
    assert mira.profile.extra["Which do you want? [Feedback]"] == "3"
