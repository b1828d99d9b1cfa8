//! `EditError`: why claimcheck refused to edit a claim file.

/// Why an edit was refused. Nothing is written in any of these cases.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("claim `{0}` is not in this file and no statement was given to create it")]
    NoStatement(String),
    #[error(
        "claim `{claim}` has a flow-style evidence list (`[...]`); rewrite it as a block list to let claimcheck add to it"
    )]
    FlowStyle { claim: String },
    #[error(
        "the claim file has problems; fix them before claimcheck edits it (`claimcheck check` shows them)"
    )]
    InvalidFile,
    #[error(
        "the value on line {line} is a block scalar (`|` or `>`); write it as a quoted string to let claimcheck rewrite it"
    )]
    BlockScalar { line: u32 },
    #[error("claim `{0}` has no `fact`, so its evidence cannot carry a value; add the fact first")]
    ValueWithoutFact(String),
    #[error("value {value:?} is not {expected}, the type of the fact's property")]
    InvalidValue { value: String, expected: String },
    #[error("claim `{0}` exists: its entities are edited in its file, not by pin")]
    EntitiesOfExistingClaim(String),
    #[error(
        "the edited file did not read back as the original plus the intended change; nothing was written"
    )]
    Unverified,
}
