//! `claimcheck lsp`: a language server for claim files, a front end over the engine
//! like the command line. Diagnostics come from the editor's unsaved buffer, checked
//! with the rest of the project as it is on disk; hover shows a pin's passage; go to
//! definition opens the pinned span or an entity's entry; references list the claims
//! citing a source or naming an entity; code actions apply a finding's typed fix
//! exactly as `claimcheck fix` would, or pin a selection in a source as `claimcheck
//! pin` would; completion offers source ids and finding codes.

mod features;
mod navigation;
mod text;
mod workspace;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, GotoDefinition, HoverRequest, References, RegisterCapability,
    Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, Diagnostic, HoverProviderCapability,
    InitializeParams, OneOf, PublishDiagnosticsParams, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};
use serde::de::DeserializeOwned;

use text::{Encoding, path_of, uri_of};
use workspace::Workspace;

/// What ends the server other than the client's `exit`.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    #[error("language server protocol: {0}")]
    Protocol(#[from] lsp_server::ProtocolError),
    #[error("the client closed the connection")]
    Disconnected,
    #[error("a message could not be read or written as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl<T> From<crossbeam_channel::SendError<T>> for LspError {
    fn from(_: crossbeam_channel::SendError<T>) -> Self {
        LspError::Disconnected
    }
}

/// Serves `connection` until the client shuts the server down; the project is the one
/// holding the client's workspace folder (or `start`, if the client names none).
pub fn serve(connection: Connection, start: &Path) -> Result<(), LspError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_deref()),
    );
    #[allow(deprecated)] // Older clients send only `rootUri`.
    let folder = params
        .workspace_folders
        .iter()
        .flatten()
        .map(|folder| &folder.uri)
        .chain(params.root_uri.as_ref())
        .find_map(path_of)
        .unwrap_or_else(|| start.to_owned());
    let root = claimcheck_engine::load::find_root(&folder).unwrap_or(folder);
    let capabilities = ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into()]),
            ..CompletionOptions::default()
        }),
        ..ServerCapabilities::default()
    };
    connection.initialize_finish(
        id,
        serde_json::json!({
            "capabilities": capabilities,
            "serverInfo": { "name": "claimcheck", "version": env!("CARGO_PKG_VERSION") },
        }),
    )?;
    if watches_files(&params) {
        // Sources change on disk too (a re-capture, a checkout): the editor says so.
        let registration = lsp_types::RegistrationParams {
            registrations: vec![lsp_types::Registration {
                id: "claimcheck-files".into(),
                method: DidChangeWatchedFiles::METHOD.into(),
                register_options: Some(
                    serde_json::json!({ "watchers": [{ "globPattern": "**/*" }] }),
                ),
            }],
        };
        let request = Request::new(
            "claimcheck-files".to_owned().into(),
            RegisterCapability::METHOD.into(),
            registration,
        );
        connection.sender.send(Message::Request(request))?;
    }
    let mut server = Server {
        workspace: Workspace::open(root),
        encoding,
        published: BTreeMap::new(),
        other_documents: HashMap::new(),
        connection: &connection,
    };
    server.publish()?;
    for message in &connection.receiver {
        match message {
            Message::Request(request) => {
                if connection.handle_shutdown(&request)? {
                    return Ok(());
                }
                server.answer(request)?;
            }
            Message::Notification(notification) => server.take(notification)?,
            Message::Response(_) => {}
        }
    }
    Err(LspError::Disconnected)
}

struct Server<'c> {
    workspace: Workspace,
    encoding: Encoding,
    /// The diagnostics last published for each file, where they were not empty.
    published: BTreeMap<String, Vec<Diagnostic>>,
    /// The editor's text of the open files that are not claim files (sources).
    other_documents: HashMap<String, String>,
    connection: &'c Connection,
}

impl Server<'_> {
    /// The project-relative path of the document `uri`, if it is in the project.
    fn relative(&self, uri: &Uri) -> Option<String> {
        self.workspace.relative(&path_of(uri)?)
    }

    fn answer(&mut self, request: Request) -> Result<(), LspError> {
        let (workspace, encoding) = (&self.workspace, self.encoding);
        let response = match request.method.as_str() {
            HoverRequest::METHOD => respond(&request, |params: lsp_types::HoverParams| {
                let at = params.text_document_position_params;
                let relative = self.relative(&at.text_document.uri)?;
                features::hover(workspace, &relative, at.position, encoding)
                    .or_else(|| navigation::hover(workspace, &relative, at.position, encoding))
            }),
            GotoDefinition::METHOD => {
                respond(&request, |params: lsp_types::GotoDefinitionParams| {
                    let at = params.text_document_position_params;
                    let relative = self.relative(&at.text_document.uri)?;
                    features::definition(workspace, &relative, at.position, encoding).or_else(
                        || navigation::definition(workspace, &relative, at.position, encoding),
                    )
                })
            }
            References::METHOD => respond(&request, |params: lsp_types::ReferenceParams| {
                let at = params.text_document_position;
                let relative = self.relative(&at.text_document.uri)?;
                navigation::references(workspace, &relative, at.position, encoding)
            }),
            CodeActionRequest::METHOD => {
                respond(&request, |params: lsp_types::CodeActionParams| {
                    let relative = self.relative(&params.text_document.uri)?;
                    Some(if workspace.is_claim_file(&relative) {
                        features::code_actions(workspace, &relative, params.range, encoding)
                    } else {
                        let editor_text = self.other_documents.get(&relative);
                        let editor_text = editor_text.map(String::as_str);
                        features::pin_actions(
                            workspace,
                            &relative,
                            editor_text,
                            params.range,
                            encoding,
                        )
                    })
                })
            }
            Completion::METHOD => respond(&request, |params: lsp_types::CompletionParams| {
                let at = params.text_document_position;
                let relative = self.relative(&at.text_document.uri)?;
                Some(features::completion(
                    workspace,
                    &relative,
                    at.position,
                    encoding,
                ))
            }),
            _ => Response::new_err(
                request.id.clone(),
                ErrorCode::MethodNotFound as i32,
                format!("claimcheck does not answer {}", request.method),
            ),
        };
        self.connection.sender.send(Message::Response(response))?;
        Ok(())
    }

    fn take(&mut self, notification: Notification) -> Result<(), LspError> {
        let params = notification.params;
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(params)?;
                self.edited(&params.text_document.uri, params.text_document.text);
            }
            DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(params)?;
                // Full synchronisation: the last change is the whole text.
                if let Some(change) = params.content_changes.into_iter().last() {
                    self.edited(&params.text_document.uri, change.text);
                }
            }
            DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(params)?;
                if let Some(relative) = self.relative(&params.text_document.uri) {
                    self.other_documents.remove(&relative);
                    self.workspace.close_buffer(&relative);
                }
            }
            // A source, the registry or the configuration may have changed on disk.
            DidSaveTextDocument::METHOD | DidChangeWatchedFiles::METHOD => self.workspace.reload(),
            _ => return Ok(()),
        }
        self.publish()
    }

    /// The editor's text of `uri`: checked at once if it is a claim file, source
    /// metadata or the entity registry, kept to compare with the file on disk otherwise.
    fn edited(&mut self, uri: &Uri, text: String) {
        let Some(relative) = self.relative(uri) else {
            return;
        };
        if self.workspace.checks_buffer(&relative) {
            self.workspace.set_buffer(&relative, text);
        } else {
            self.other_documents.insert(relative, text);
        }
    }

    /// Diagnostics for every file with findings, and empty ones for files that had some.
    fn publish(&mut self) -> Result<(), LspError> {
        let files: BTreeSet<String> = (self.workspace.findings.keys())
            .chain(self.published.keys())
            .cloned()
            .collect();
        for relative in files {
            let diagnostics = features::diagnostics(&self.workspace, &relative, self.encoding);
            // Unchanged diagnostics are not sent again: an edit in one claim file leaves
            // most files' findings as they were.
            if self
                .published
                .get(&relative)
                .map_or(diagnostics.is_empty(), |sent| *sent == diagnostics)
            {
                continue;
            }
            let Some(uri) = uri_of(&self.workspace.root.join(&relative)) else {
                continue;
            };
            let params = PublishDiagnosticsParams::new(uri, diagnostics.clone(), None);
            let notification = Notification::new(PublishDiagnostics::METHOD.into(), params);
            self.connection
                .sender
                .send(Message::Notification(notification))?;
            if diagnostics.is_empty() {
                self.published.remove(&relative);
            } else {
                self.published.insert(relative, diagnostics);
            }
        }
        Ok(())
    }
}

/// Whether the client can be asked to report changes to files on disk.
fn watches_files(params: &InitializeParams) -> bool {
    params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|workspace| workspace.did_change_watched_files.as_ref())
        .and_then(|watched| watched.dynamic_registration)
        .unwrap_or(false)
}

/// The response to `request`: `answer` of its parameters, `null` when it has none,
/// an error when the parameters are not what the method takes.
fn respond<P: DeserializeOwned, R: serde::Serialize>(
    request: &Request,
    answer: impl FnOnce(P) -> Option<R>,
) -> Response {
    match serde_json::from_value::<P>(request.params.clone()) {
        Ok(params) => Response::new_ok(request.id.clone(), answer(params)),
        Err(error) => Response::new_err(
            request.id.clone(),
            ErrorCode::InvalidParams as i32,
            error.to_string(),
        ),
    }
}
