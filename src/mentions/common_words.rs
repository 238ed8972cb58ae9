//! Words too common to be looked for as names: a note called `And`, or with the alias
//! `will`, would otherwise turn every "and" and "will" of the vault into a mention, and
//! `--link` into thousands of links nobody wants.
//!
//! The check is on the whole name: a name that *is* one of these words (in any case) is not
//! looked for; a longer name that holds one (`Pride and Prejudice`) is. A name in capitals
//! (an acronym, [`super::is_acronym`]) is exempt: `CAN` is found only where it is written
//! `CAN`, which is not the verb.
//!
//! The lists hold the commonest function words (articles, pronouns, prepositions,
//! conjunctions, auxiliaries) of the languages vaults are written in, plus `man` (an English
//! noun, and German's "one"). Words shorter than [`super::MIN_CHARS`] are left out: such
//! names are never looked for anyway. Left out on purpose, because they are also everyday
//! nouns in another of these languages and a note may well be about them: `car`, `son`,
//! `sin`, `die`, `war`, `hat`, `bin`, `art`. `[mentions] common-words` in wikilint.toml adds
//! to the lists.

use rustc_hash::FxHashSet;

const ENGLISH: &[&str] = &[
    "the", "and", "but", "nor", "yet", "for", "not", "are", "was", "were", "been", "being", "has", "have", "had",
    "having", "does", "did", "doing", "can", "could", "will", "would", "shall", "should", "may", "might", "must",
    "who", "whom", "whose", "which", "what", "when", "where", "why", "how", "that", "this", "these", "those", "there",
    "here", "then", "than", "with", "from", "into", "onto", "upon", "about", "above", "below", "after", "before",
    "over", "under", "again", "also", "just", "only", "very", "too", "all", "any", "both", "each", "few", "more",
    "most", "other", "some", "such", "own", "same", "off", "out", "its", "his", "her", "hers", "him", "she", "they",
    "them", "their", "theirs", "our", "ours", "you", "your", "yours", "because", "while", "until", "through", "during",
    "between", "against", "once", "per", "via", "yes", "one", "now", "well", "even", "much", "many", "every", "like",
    "never", "always", "often", "man",
];

const FRENCH: &[&str] = &[
    "les", "des", "une", "est", "sont", "dans", "pour", "par", "sur", "avec", "sans", "sous", "que", "qui", "quoi",
    "dont", "mais", "donc", "pas", "plus", "moins", "très", "tout", "tous", "toute", "toutes", "aux", "ces", "cet",
    "cette", "ses", "mes", "tes", "leur", "leurs", "nous", "vous", "ils", "elle", "elles", "lui", "eux", "mon", "ton",
    "notre", "votre", "nos", "vos", "été", "être", "avoir", "avait", "était", "ont", "fait", "comme", "aussi", "bien",
    "entre", "même", "peut", "quand", "chez", "vers", "ici",
];

const SPANISH: &[&str] = &[
    "los", "las", "del", "una", "uno", "unos", "unas", "que", "por", "para", "con", "como", "pero", "más", "muy",
    "sus", "este", "esta", "esto", "ese", "esa", "eso", "está", "están", "fue", "ser", "hay", "también", "cuando",
    "donde", "sobre", "todo", "todos", "ella", "ellos", "ellas", "nos", "les", "mis", "tus", "hasta", "desde",
    "porque", "pues", "aunque", "sino", "entre", "era", "han", "había",
];

const PORTUGUESE: &[&str] = &[
    "não", "uma", "umas", "uns", "com", "por", "para", "mais", "como", "mas", "dos", "das", "nos", "nas", "foi", "ser",
    "são", "está", "isso", "isto", "este", "esta", "ele", "ela", "eles", "elas", "seu", "sua", "seus", "suas",
    "também", "muito", "quando", "onde", "pelo", "pela", "pelos", "pelas", "até", "entre", "sem", "sobre", "aos",
    "num", "numa", "tem", "ter", "pode", "ainda", "então", "depois", "você",
];

const GERMAN: &[&str] = &[
    "der", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "einem", "einen", "und", "oder", "aber",
    "nicht", "kein", "keine", "mit", "von", "für", "auf", "aus", "bei", "nach", "über", "unter", "vor", "zum", "zur",
    "ist", "sind", "wird", "werden", "wurde", "haben", "auch", "nur", "noch", "wie", "wenn", "dass", "daß", "sich",
    "sie", "ich", "wir", "ihr", "ihn", "ihm", "man", "als", "sehr", "schon", "dann", "doch", "hier", "dort", "diese",
    "dieser", "dieses", "diesem", "diesen", "alle", "alles", "mehr", "kann", "können", "muss", "soll", "sein", "seine",
    "ihre", "uns", "durch", "ohne", "gegen", "bis", "weil", "damit",
];

/// The built-in lists, by language.
pub const BUILT_IN: &[(&str, &[&str])] =
    &[("English", ENGLISH), ("French", FRENCH), ("Spanish", SPANISH), ("Portuguese", PORTUGUESE), ("German", GERMAN)];

/// The words not looked for as names: the built-in lists and the vault's own.
#[derive(Debug, Clone)]
pub struct CommonWords {
    /// Folded with [`super::fold`], in NFC.
    words: FxHashSet<String>,
}

impl Default for CommonWords {
    fn default() -> Self {
        CommonWords::new(&[])
    }
}

impl CommonWords {
    /// The built-in lists and `extra` (as wikilint.toml gives them: any case, any form).
    pub fn new(extra: &[String]) -> CommonWords {
        let built_in = BUILT_IN.iter().flat_map(|(_, words)| words.iter().map(|w| w.to_string()));
        let extra = extra.iter().map(|w| crate::text::nfc(&super::fold(w.trim())));
        CommonWords { words: built_in.chain(extra).collect() }
    }

    /// Whether a name, folded with [`super::fold`], is one of the words.
    pub fn contains(&self, folded: &str) -> bool {
        if folded.is_ascii() { self.words.contains(folded) } else { self.words.contains(&crate::text::nfc(folded)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_folded_nfc_and_long_enough() {
        for (language, words) in BUILT_IN {
            for w in *words {
                assert_eq!(super::super::fold(w), *w, "{language}: {w} is not lower case");
                assert_eq!(crate::text::nfc(w), *w, "{language}: {w} is not NFC");
                assert!(super::super::eligible(w), "{language}: {w} would never be looked for anyway");
            }
        }
    }

    #[test]
    fn everyday_nouns_of_another_language_are_not_common() {
        let common = CommonWords::default();
        for noun in ["car", "son", "sin", "die", "war", "hat", "bin", "art"] {
            assert!(!common.contains(noun), "{noun}");
        }
        assert!(common.contains("and") && common.contains("für") && common.contains("não"));
    }

    #[test]
    fn extra_words_fold_and_normalise() {
        let common = CommonWords::new(&[" NOVEL ".to_string(), "C\u{327}a".to_string()]);
        assert!(common.contains("novel"));
        assert!(common.contains("ça") && common.contains("c\u{327}a"));
    }
}
