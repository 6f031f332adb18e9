//! RFC 4716 "SSH2 PUBLIC KEY" files.

use super::LineEnding;
use crate::{Error, Limits, PublicKey, Result};

/// Reads an RFC 4716 public key; its `Comment:` header becomes the key's comment.
pub(crate) fn decode_public(_input: &[u8], _limits: &Limits) -> Result<PublicKey> {
    Err(Error::unsupported("reading RFC 4716 (not implemented yet)"))
}

/// Writes an RFC 4716 public key with the key's comment as its `Comment:` header.
pub(crate) fn encode_public(_key: &PublicKey, _le: LineEnding) -> Result<String> {
    Err(Error::unsupported("writing RFC 4716 (not implemented yet)"))
}
