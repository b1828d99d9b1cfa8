"""claimcheck's language server driven by a real LSP client (pytest-lsp, on pygls),
with the capabilities Neovim and VS Code announce. Run by tests/lsp.rs, which names the
binary in CLAIMCHECK_BIN and the example product in CLAIMCHECK_EXAMPLE."""

import os
import pathlib
import shutil
import subprocess

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

BINARY = os.environ["CLAIMCHECK_BIN"]
EXAMPLE = pathlib.Path(os.environ["CLAIMCHECK_EXAMPLE"])
CLAIMS = "claims/attacks.yaml"
MOVED_SOURCE = "sources/thenational-2020-03-britain-eases-iraq-tensions.txt"


def copy_example(to: pathlib.Path) -> pathlib.Path:
    for part in ["claims", "sources"]:
        shutil.copytree(EXAMPLE / part, to / part)
    for part in ["entities.yaml", "claimcheck.toml"]:
        if (EXAMPLE / part).exists():
            shutil.copy(EXAMPLE / part, to / part)
    return to


def move_pins(project: pathlib.Path) -> None:
    """A paragraph added at the top of a source: every pin in it moves, unchanged."""
    source = project / MOVED_SOURCE
    source.write_bytes(b"Editor's note: this article was updated.\n\n" + source.read_bytes())


@pytest_lsp.fixture(
    params=["neovim", "visual-studio-code"],
    config=ClientServerConfig(server_command=[BINARY, "lsp"]),
)
async def client(lsp_client: LanguageClient, request, tmp_path):
    project = copy_example(tmp_path / "product")
    move_pins(project)
    lsp_client.project = project
    lsp_client.editor = request.param
    lsp_client.registrations = []

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register_capability(params):
        lsp_client.registrations.extend(params.registrations)

    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            workspace_folders=[types.WorkspaceFolder(uri=project.as_uri(), name="product")],
        )
    )
    # Positions count what the server says it counts: UTF-8 if the client offered it.
    lsp_client.units = "utf-8" if result.capabilities.position_encoding == "utf-8" else "utf-16-le"
    yield
    # shutdown, then exit: the server answers, leaves, and says all went well.
    await lsp_client.shutdown_session()
    assert lsp_client._server.returncode == 0


async def settle(client: LanguageClient, document: str) -> None:
    """Waits until the server has handled everything sent so far: it answers in order,
    so once it answers a request, the diagnostics it published before have arrived."""
    await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            position=types.Position(line=0, character=0),
        )
    )


def uri(client: LanguageClient, relative: str) -> str:
    return (client.project / relative).as_uri()


async def open_claims(client: LanguageClient, text: str | None = None) -> str:
    document = uri(client, CLAIMS)
    text = text if text is not None else (client.project / CLAIMS).read_text(encoding="utf-8")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=document, language_id="yaml", version=1, text=text)
        )
    )
    await settle(client, document)
    return document


async def change(client: LanguageClient, document: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    await settle(client, document)


def codes(client: LanguageClient, document: str) -> list[str]:
    return [diagnostic.code for diagnostic in client.diagnostics.get(document, [])]


def units(text: str, encoding: str) -> int:
    return len(text.encode(encoding)) // (2 if encoding == "utf-16-le" else 1)


def position_of(text: str, needle: str, encoding: str = "utf-16-le") -> types.Position:
    """The position of `needle` in `text`, counted in `encoding`'s units."""
    offset = text.index(needle)
    line_start = text.rfind("\n", 0, offset) + 1
    return types.Position(line=text.count("\n", 0, offset), character=units(text[line_start:offset], encoding))


@pytest.mark.asyncio
async def test_a_typo_in_a_quote_is_underlined_as_typed_and_clears_when_fixed(client: LanguageClient):
    document = await open_claims(client)
    text = (client.project / CLAIMS).read_text(encoding="utf-8")
    typo = text.replace("general, Qassim Soleimani, and", "general, Qassim Sulaimani, and", 1)
    await change(client, document, typo, 2)
    mismatch = [d for d in client.diagnostics[document] if d.code == "quote-mismatch"]
    assert len(mismatch) == 1, codes(client, document)
    assert mismatch[0].range.start.line == typo[: typo.index("Sulaimani")].count("\n")
    assert mismatch[0].severity == types.DiagnosticSeverity.Error
    assert mismatch[0].source == "claimcheck"
    await change(client, document, text, 3)
    assert "quote-mismatch" not in codes(client, document)


@pytest.mark.asyncio
async def test_hovering_a_pin_shows_its_source_status_and_passage(client: LanguageClient):
    document = await open_claims(client)
    text = (client.project / CLAIMS).read_text(encoding="utf-8")
    at = position_of(text, "source: dunya-ap-2020-12-03-us-drawdown-iraq", client.units)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=document), position=at)
    )
    assert hover is not None
    value = hover.contents.value
    assert "dunya" in value and "intact at 5147..5283" in value, value
    # Its two-character rating: the source's grade B, the quote's credibility 1.
    assert "rated B1" in value, value
    assert "killed Iran’s top general, Qassim Soleimani" in value, value
    # The moved source's pin says it moved.
    at = position_of(text, "source: thenational-2020-03-britain-eases-iraq-tensions", client.units)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=document), position=at)
    )
    assert "span-moved" in hover.contents.value, hover.contents.value


@pytest.mark.asyncio
async def test_go_to_definition_opens_the_pinned_span(client: LanguageClient):
    document = await open_claims(client)
    text = (client.project / CLAIMS).read_text(encoding="utf-8")
    at = position_of(text, "span: 5147..5283", client.units)
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=types.TextDocumentIdentifier(uri=document), position=at)
    )
    location = found[0] if isinstance(found, list) else found
    assert location.uri == uri(client, "sources/dunya-ap-2020-12-03-us-drawdown-iraq.txt")
    source = (client.project / "sources/dunya-ap-2020-12-03-us-drawdown-iraq.txt").read_bytes()
    line = source[:5147].count(b"\n")
    assert location.range.start.line == line


def apply(text: str, edit: types.TextEdit, encoding: str) -> str:
    """`edit` applied to `text`, its positions counted in `encoding`'s units."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        before = sum(len(line) + 1 for line in lines[: position.line])
        line, counted = lines[position.line], 0
        for at, character in enumerate(line):
            if counted >= position.character:
                return before + at
            counted += units(character, encoding)
        return before + len(line)

    return text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]


@pytest.mark.asyncio
async def test_moved_pins_are_fixed_by_their_actions_byte_for_byte_as_claimcheck_fix_does(
    client: LanguageClient, tmp_path
):
    document = await open_claims(client)
    text = (client.project / CLAIMS).read_text(encoding="utf-8")
    moved = [d for d in client.diagnostics[document] if d.code == "span-moved"]
    assert len(moved) >= 2, codes(client, document)
    for version in range(2, 2 + len(moved)):
        first = next(d for d in client.diagnostics[document] if d.code == "span-moved")
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=document),
                range=first.range,
                context=types.CodeActionContext(diagnostics=[first]),
            )
        )
        assert actions and actions[0].title.startswith("Re-pin to"), actions
        assert actions[0].is_preferred
        (edit,) = actions[0].edit.changes[document]
        text = apply(text, edit, client.units)
        await change(client, document, text, version)
    assert "span-moved" not in codes(client, document)
    # The same repair by the command line, on a copy: the same bytes.
    other = copy_example(tmp_path / "other")
    move_pins(other)
    subprocess.run([BINARY, "fix"], cwd=other, capture_output=True)
    assert text == (other / CLAIMS).read_text(encoding="utf-8")


@pytest.mark.asyncio
async def test_a_selection_in_a_source_becomes_a_pin_written_as_claimcheck_pin_writes_it(
    client: LanguageClient, tmp_path
):
    source_path = "sources/dunya-ap-2020-12-03-us-drawdown-iraq.txt"
    source = (client.project / source_path).read_text(encoding="utf-8")
    quote = "Iraqi forces on the ground cleared nearly 90 villages"
    document = uri(client, source_path)
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=document, language_id="plaintext", version=1, text=source)
        )
    )
    # A sloppy selection: a space before, the quote, a space after.
    start = position_of(source, " " + quote, client.units)
    end = position_of(source, quote, client.units)
    end = types.Position(line=end.line, character=end.character + units(quote + " ", client.units))
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            range=types.Range(start=start, end=end),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    titles = [action.title for action in actions]
    chosen = next(a for a in actions if a.title.endswith("into claim `soleimani-killed-jan-2020`"))
    claims = uri(client, CLAIMS)
    (edit,) = chosen.edit.changes[claims]
    text = apply((client.project / CLAIMS).read_text(encoding="utf-8"), edit, client.units)
    other = copy_example(tmp_path / "other")
    move_pins(other)
    pinned = subprocess.run(
        [BINARY, "pin", "dunya-ap-2020-12-03-us-drawdown-iraq", quote, "--claim", "soleimani-killed-jan-2020"],
        cwd=other,
        capture_output=True,
    )
    assert pinned.returncode == 0, pinned.stderr
    assert text == (other / CLAIMS).read_text(encoding="utf-8"), titles
    # An unsaved edit to the source: offsets would mean other bytes, so no action.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=document, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text="x" + source)],
        )
    )
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            range=types.Range(start=start, end=end),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert not actions


@pytest.mark.asyncio
async def test_entities_and_codes_explain_themselves_and_references_find_every_citing_claim(
    client: LanguageClient,
):
    document = await open_claims(client)
    text = (client.project / CLAIMS).read_text(encoding="utf-8")
    here = types.TextDocumentIdentifier(uri=document)
    at = position_of(text, "Kataib Hezbollah]", client.units)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=here, position=at))
    assert "Kata" in hover.contents.value and "(organization)" in hover.contents.value, hover.contents.value
    found = await client.text_document_definition_async(types.DefinitionParams(text_document=here, position=at))
    location = found[0] if isinstance(found, list) else found
    assert location.uri == uri(client, "entities.yaml")
    at = position_of(text, "statement-unsupported", client.units)
    hover = await client.text_document_hover_async(types.HoverParams(text_document=here, position=at))
    assert hover.contents.value.startswith("`statement-unsupported` (warning)"), hover.contents.value
    # Every evidence entry citing the source, from one of them.
    at = position_of(text, "source: dunya-ap-2020-12-03-us-drawdown-iraq", client.units)
    at = types.Position(line=at.line, character=at.character + len("source: "))
    places = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=here, position=at, context=types.ReferenceContext(include_declaration=True)
        )
    )
    citing = sum(
        (client.project / "claims" / name).read_text(encoding="utf-8").count("source: dunya-ap-2020-12-03-us-drawdown-iraq")
        for name in ["actors.yaml", "attacks.yaml", "outlook.yaml", "us-posture.yaml"]
    )
    assert len(places) == citing, places
    assert {place.uri.rsplit("/", 1)[1] for place in places} >= {"attacks.yaml", "outlook.yaml"}


@pytest.mark.asyncio
async def test_a_source_changed_on_disk_re_checks_the_claims_citing_it(client: LanguageClient):
    document = await open_claims(client)
    assert "span-moved" in codes(client, document)
    # A client that can watch files is asked to; one that cannot is not.
    watched = [r.method for r in client.registrations]
    assert watched == (["workspace/didChangeWatchedFiles"] if client.editor == "visual-studio-code" else [])
    # The source is captured again without the editor's note: the pins hold again.
    source = client.project / MOVED_SOURCE
    source.write_bytes((EXAMPLE / MOVED_SOURCE).read_bytes())
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=source.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
    await settle(client, document)
    assert "span-moved" not in codes(client, document)


@pytest.mark.asyncio
async def test_the_registry_metadata_and_configuration_are_checked_from_the_buffer_too(client: LanguageClient):
    for relative, broken, code in [
        ("entities.yaml", "- id: kh\n  name: [unclosed\n", "entities-invalid"),
        ("sources/dunya-ap-2020-12-03-us-drawdown-iraq.meta.yaml", "title: [\n", "source-metadata-invalid"),
        ("claimcheck.toml", "[severity\n", "config-invalid"),
    ]:
        document = uri(client, relative)
        path = client.project / relative
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=document, language_id="yaml", version=1, text=text)
            )
        )
        await settle(client, document)
        assert code not in codes(client, document)
        await change(client, document, broken, 2)
        assert code in codes(client, document), (relative, codes(client, document))
        await change(client, document, text, 3)
        assert code not in codes(client, document)


@pytest.mark.asyncio
async def test_completion_offers_source_ids_and_finding_codes(client: LanguageClient):
    document = await open_claims(client)
    text = (client.project / CLAIMS).read_text(encoding="utf-8")
    typed = text + "- id: new-claim\n  statement: S.\n  evidence:\n  - source: \n"
    await change(client, document, typed, 2)
    line = typed.count("\n") - 1
    items = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            position=types.Position(line=line, character=len("  - source: ")),
        )
    )
    items = items.items if hasattr(items, "items") else items
    labels = {item.label for item in items}
    assert "dunya-ap-2020-12-03-us-drawdown-iraq" in labels, labels

    async def labels_at(typed: str, version: int) -> set[str]:
        await change(client, document, text + typed, version)
        last = (text + typed).split("\n")[-1]
        found = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=document),
                position=types.Position(line=(text + typed).count("\n"), character=units(last, client.units)),
            )
        )
        return {item.label for item in (found.items if hasattr(found, "items") else found)}

    assert "kataib-hezbollah" in await labels_at("- id: n\n  entities: [", 3)
    assert {"refutes", "context"} <= await labels_at("- id: n\n  evidence:\n  - stance: ", 4)
    assert "statement:" in await labels_at("- id: n\n  sta", 5)
    assert {"low", "moderate", "high"} == await labels_at("- id: n\n  confidence: ", 6)
    assert "pompeo-embassy-threat" in await labels_at("- id: n\n  based-on: [", 7)
    assert {"1", "6"} <= await labels_at("- id: n\n  evidence:\n  - credibility: ", 8)


@pytest.mark.asyncio
async def test_half_typed_yaml_gives_a_diagnostic_and_the_server_keeps_answering(client: LanguageClient):
    document = await open_claims(client, "- id: x\n  statement: [unclosed\n")
    assert "claim-file-invalid" in codes(client, document)
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=document),
            position=types.Position(line=0, character=3),
        )
    )
    assert hover is None
    await change(client, document, "- id: x\n  statement: fine\n  evidence: []\n", 2)
    assert "claim-file-invalid" not in codes(client, document)
    assert "claim-unsourced" in codes(client, document)
