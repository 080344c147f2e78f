//! Control claims: who captured, lost, holds or fights over which place, when, according to whom.

use crate::article::Article;
use crate::gazetteer::Gazetteer;
use crate::geoparse::Geoparse;

/// One control claim (filled in by the claims stage).
#[derive(Debug, Clone)]
pub struct Claim {}

/// Extracts the control claims of an article.
pub fn extract(_article: &Article, _geo: &Geoparse, _gaz: &Gazetteer) -> Vec<Claim> {
    Vec::new()
}
