//! Provider key formats: a fixed prefix, then a body of a known alphabet and length.
//!
//! Formats come from the providers' documentation and the gitleaks rule set (MIT);
//! see `data/SOURCES.md`. Order matters: longer prefixes come before shorter ones
//! that share their start (`sk-proj-` before `sk-`), and the first match wins.

/// The alphabet of a key body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Charset {
    /// `[A-Za-z0-9]`
    Alnum,
    /// `[A-Za-z0-9_-]` (base64url)
    Base64Url,
    /// `[A-Za-z0-9_]`
    Word,
    /// `[A-Za-z0-9_.-]`
    Dotted,
    /// `[A-Za-z0-9-]`
    AlnumDash,
    /// `[A-Za-z0-9+/=_-]` (either base64 alphabet, with padding)
    Base64Any,
    /// `[0-9a-f]`
    HexLower,
    /// `[0-9a-fA-F]`
    Hex,
    /// `[0-9a-f-]`
    HexDash,
    /// `[A-Z2-7]` (RFC 4648 base32)
    Base32Upper,
    /// `[A-Z0-9]`
    UpperAlnum,
}

/// Number of [`Charset`] variants, for per-charset caches.
pub(super) const CHARSETS: usize = 11;

impl Charset {
    pub(super) const fn index(self) -> usize {
        self as usize
    }

    pub(super) const fn contains(self, b: u8) -> bool {
        match self {
            Charset::Alnum => b.is_ascii_alphanumeric(),
            Charset::Base64Url => b.is_ascii_alphanumeric() || b == b'_' || b == b'-',
            Charset::Word => b.is_ascii_alphanumeric() || b == b'_',
            Charset::Dotted => b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.',
            Charset::AlnumDash => b.is_ascii_alphanumeric() || b == b'-',
            Charset::Base64Any => {
                b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'_' | b'-')
            }
            Charset::HexLower => b.is_ascii_digit() || matches!(b, b'a'..=b'f'),
            Charset::Hex => b.is_ascii_hexdigit(),
            Charset::HexDash => b.is_ascii_digit() || matches!(b, b'a'..=b'f' | b'-'),
            Charset::Base32Upper => matches!(b, b'A'..=b'Z' | b'2'..=b'7'),
            Charset::UpperAlnum => b.is_ascii_uppercase() || b.is_ascii_digit(),
        }
    }
}

/// An additional structural test on the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Extra {
    None,
    /// The body holds both a digit and a letter (rules out words and numbers).
    Mixed,
    /// Legacy OpenAI keys: 20 characters, the `T3BlbkFJ` marker, 20 characters.
    OpenAiLegacy,
    /// SendGrid: 22 base64url characters, `.`, 43 base64url characters.
    SendGrid,
    /// Airtable personal access tokens: 14 alphanumerics, `.`, 64 hex digits.
    Airtable,
}

/// One key format.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pattern {
    pub(super) prefix: &'static str,
    /// What the finding calls the key; never includes any part of it.
    pub(super) what: &'static str,
    pub(super) charset: Charset,
    /// Allowed body lengths (the body is the maximal run of `charset` after the prefix).
    pub(super) min: usize,
    pub(super) max: usize,
    pub(super) extra: Extra,
}

/// No upper bound on the body length beyond the scan itself.
const ANY: usize = usize::MAX;

const fn p(
    prefix: &'static str,
    what: &'static str,
    charset: Charset,
    min: usize,
    max: usize,
) -> Pattern {
    Pattern {
        prefix,
        what,
        charset,
        min,
        max,
        extra: Extra::None,
    }
}

const fn with(pattern: Pattern, extra: Extra) -> Pattern {
    Pattern { extra, ..pattern }
}

use Charset::*;

pub(super) const PATTERNS: &[Pattern] = &[
    // OpenAI: project, service-account and admin keys, and the legacy format.
    p("sk-proj-", "OpenAI project API key", Base64Url, 40, ANY),
    p(
        "sk-svcacct-",
        "OpenAI service account key",
        Base64Url,
        40,
        ANY,
    ),
    p("sk-admin-", "OpenAI admin key", Base64Url, 40, ANY),
    p("sk-None-", "OpenAI API key", Base64Url, 40, ANY),
    // Anthropic: sk-ant-api03-…, sk-ant-admin01-…, sk-ant-oat01-…
    p("sk-ant-", "Anthropic API key", Base64Url, 40, ANY),
    p("sk-or-v1-", "OpenRouter API key", HexLower, 64, 64),
    p("sk-lf-", "Langfuse secret key", HexDash, 36, 36),
    with(
        p("sk-", "OpenAI API key", Alnum, 48, 48),
        Extra::OpenAiLegacy,
    ),
    // DeepSeek, Moonshot, DashScope and other OpenAI-compatible `sk-` keys.
    with(p("sk-", "secret API key", Alnum, 32, ANY), Extra::Mixed),
    // Stripe (and Clerk, which uses the same shapes). Publishable `pk_` keys are
    // public by design and not reported.
    p("sk_live_", "live secret key", Alnum, 16, ANY),
    p("sk_test_", "test-mode secret key", Alnum, 16, ANY),
    p("rk_live_", "Stripe restricted key", Alnum, 16, ANY),
    p("rk_test_", "Stripe restricted test key", Alnum, 16, ANY),
    p("whsec_", "webhook signing secret", Base64Any, 24, ANY),
    p("sk_", "ElevenLabs API key", HexLower, 48, 48),
    // GitHub
    p("ghp_", "GitHub personal access token", Alnum, 36, 251),
    p("gho_", "GitHub OAuth token", Alnum, 36, 251),
    p("ghu_", "GitHub user-to-server token", Alnum, 36, 251),
    p("ghs_", "GitHub server-to-server token", Alnum, 36, 251),
    p("ghr_", "GitHub refresh token", Alnum, 36, 251),
    p(
        "github_pat_",
        "GitHub fine-grained personal access token",
        Word,
        50,
        ANY,
    ),
    // GitLab
    p("glpat-", "GitLab personal access token", Dotted, 20, ANY),
    p("gldt-", "GitLab deploy token", Dotted, 20, ANY),
    p("glrt-", "GitLab runner token", Dotted, 20, ANY),
    p("glptt-", "GitLab pipeline trigger token", Dotted, 20, ANY),
    p("glcbt-", "GitLab CI/CD job token", Dotted, 20, ANY),
    p("glft-", "GitLab feed token", Dotted, 20, ANY),
    p("glimt-", "GitLab incoming mail token", Dotted, 20, ANY),
    p("glagent-", "GitLab agent token", Dotted, 20, ANY),
    p("gloas-", "GitLab OAuth application secret", Dotted, 20, ANY),
    p("glsoat-", "GitLab service account token", Dotted, 20, ANY),
    p(
        "glffct-",
        "GitLab feature flags client token",
        Dotted,
        20,
        ANY,
    ),
    p(
        "GR1348941",
        "GitLab runner registration token",
        Base64Url,
        20,
        ANY,
    ),
    // Grafana
    p("glc_", "Grafana Cloud token", Base64Any, 32, ANY),
    p("glsa_", "Grafana service account token", Word, 40, 48),
    // AWS access key ids
    p("AKIA", "AWS access key id", Base32Upper, 16, 16),
    p("ASIA", "AWS temporary access key id", Base32Upper, 16, 16),
    p("ABIA", "AWS STS service bearer key id", Base32Upper, 16, 16),
    p(
        "ACCA",
        "AWS context-specific access key id",
        Base32Upper,
        16,
        16,
    ),
    p("AGE-SECRET-KEY-1", "age secret key", UpperAlnum, 58, 58),
    p("ATATT3", "Atlassian API token", Base64Any, 100, ANY),
    // Google
    p("AIza", "Google API key", Base64Url, 35, 35),
    p("GOCSPX-", "Google OAuth client secret", Base64Url, 28, 32),
    p("ya29.", "Google OAuth access token", Base64Url, 30, ANY),
    // Slack
    p("xoxb-", "Slack bot token", AlnumDash, 20, ANY),
    p("xoxp-", "Slack user token", AlnumDash, 20, ANY),
    p("xoxa-", "Slack app token", AlnumDash, 20, ANY),
    p("xoxr-", "Slack refresh token", AlnumDash, 20, ANY),
    p("xoxs-", "Slack session token", AlnumDash, 20, ANY),
    p(
        "xoxe.xoxp-",
        "Slack rotating user token",
        AlnumDash,
        20,
        ANY,
    ),
    p("xoxe.xoxb-", "Slack rotating bot token", AlnumDash, 20, ANY),
    p("xoxe-", "Slack refresh token", AlnumDash, 20, ANY),
    p("xapp-", "Slack app-level token", AlnumDash, 20, ANY),
    // AI and developer platforms
    p("hf_", "Hugging Face token", Alnum, 34, 40),
    p("api_org_", "Hugging Face organization token", Alnum, 34, 40),
    p("gsk_", "Groq API key", Alnum, 48, 56),
    p("xai-", "xAI API key", Alnum, 60, 100),
    p("r8_", "Replicate API token", Alnum, 37, 40),
    p("pplx-", "Perplexity API key", Alnum, 40, 64),
    p("csk-", "Cerebras API key", Alnum, 32, 64),
    p("tgp_v1_", "Together AI API key", Base64Url, 32, ANY),
    p("tvly-", "Tavily API key", Base64Url, 30, ANY),
    p("fc-", "Firecrawl API key", HexLower, 32, 32),
    p("pcsk_", "Pinecone API key", Word, 50, ANY),
    p("lsv2_", "LangSmith API key", Word, 40, ANY),
    p("npm_", "npm access token", Alnum, 36, 36),
    p("pypi-AgE", "PyPI API token", Base64Url, 50, ANY),
    p(
        "dop_v1_",
        "DigitalOcean personal access token",
        HexLower,
        64,
        64,
    ),
    p("doo_v1_", "DigitalOcean OAuth token", HexLower, 64, 64),
    p("dor_v1_", "DigitalOcean refresh token", HexLower, 64, 64),
    p("shpat_", "Shopify access token", Hex, 32, 32),
    p("shpca_", "Shopify custom app token", Hex, 32, 32),
    p("shppa_", "Shopify private app token", Hex, 32, 32),
    p("shpss_", "Shopify shared secret", Hex, 32, 32),
    p("lin_api_", "Linear API key", Alnum, 40, 40),
    p("ntn_", "Notion integration token", Alnum, 40, 50),
    p("secret_", "Notion integration secret", Alnum, 43, 43),
    p("PMAK-", "Postman API key", HexDash, 59, 59),
    p("sntrys_", "Sentry organization token", Base64Any, 50, ANY),
    p("sntryu_", "Sentry user token", HexLower, 64, 64),
    p("dapi", "Databricks access token", HexLower, 32, 32),
    p("sq0atp-", "Square access token", Base64Url, 22, ANY),
    p("sq0csp-", "Square OAuth secret", Base64Url, 43, ANY),
    p("sbp_", "Supabase access token", HexLower, 40, 40),
    p("sb_secret_", "Supabase secret key", Base64Url, 20, ANY),
    p("dp.pt.", "Doppler personal token", Alnum, 40, 44),
    p("hvs.", "HashiCorp Vault service token", Base64Url, 90, ANY),
    p("hvb.", "HashiCorp Vault batch token", Base64Url, 90, ANY),
    p("sk.eyJ", "Mapbox secret token", Dotted, 50, ANY),
    p("key-", "Mailgun API key", HexLower, 32, 32),
    with(p("re_", "Resend API key", Word, 30, ANY), Extra::Mixed),
    with(
        p("SG.", "SendGrid API key", Dotted, 66, 66),
        Extra::SendGrid,
    ),
    with(
        p("pat", "Airtable personal access token", Dotted, 79, 79),
        Extra::Airtable,
    ),
];

/// Which bytes start some prefix, for a one-lookup rejection of other positions.
pub(super) const FIRST_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < PATTERNS.len() {
        table[PATTERNS[i].prefix.as_bytes()[0] as usize] = true;
        i += 1;
    }
    table
};
