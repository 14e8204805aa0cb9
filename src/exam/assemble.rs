//! Drawing one attempt's questions from a blueprint: per-domain counts by largest remainder, a
//! seeded draw with no duplicates that avoids the trainee's recently seen questions while the
//! bank allows, a shuffled question order, and shuffled options (pinned ones stay put).
//! Same blueprint, banks, seed and history: the same exam, on every platform.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::rng::SeededRng;
use super::store::AttemptRecord;
use crate::model::{ExamBlueprint, Question, QuestionBank, QuestionKind};

/// Which version of the draw produced an exam (recorded with it). Bump it whenever the draw for
/// a given seed changes.
pub const ASSEMBLY_VERSION: u32 = 1;

/// How many of the trainee's latest attempts count as "recent" by default.
pub const DEFAULT_RECENT_WINDOW: usize = 5;

/// One attempt's questions, in the order the trainee sees them. Self-contained: it carries the
/// blueprint and the questions as they were drawn, so a saved session resumes and scores the
/// same even if the content files change in between.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssembledExam {
    /// The draw algorithm's version ([`ASSEMBLY_VERSION`]).
    pub assembly_version: u32,
    /// The blueprint it was drawn from.
    pub blueprint: ExamBlueprint,
    /// Readable names of the blueprint's domains, by id.
    pub domain_names: BTreeMap<String, String>,
    /// The seed it was drawn with.
    pub seed: u64,
    /// The questions.
    pub items: Vec<ExamItem>,
}

/// One question as shown in one attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExamItem {
    /// The question as authored.
    pub question: Question,
    /// For each shown position, the authored option position it shows (`order[0]` is the
    /// option shown as A). True/false items are never shuffled.
    pub order: Vec<usize>,
}

impl ExamItem {
    /// The item with options in authored order.
    pub fn unshuffled(question: Question) -> Self {
        let order = (0..question.display_options().len()).collect();
        ExamItem { question, order }
    }

    /// The options in shown order.
    pub fn options(&self) -> Vec<String> {
        let authored = self.question.display_options();
        self.order
            .iter()
            .filter_map(|&i| authored.get(i).cloned())
            .collect()
    }

    /// The keyed options as shown positions, ascending.
    pub fn key(&self) -> Vec<usize> {
        let key = self.question.key_indices().unwrap_or_default();
        (0..self.order.len())
            .filter(|&p| key.contains(&self.order[p]))
            .collect()
    }

    /// Shown positions to authored positions, ascending.
    pub fn to_authored(&self, shown: &[usize]) -> Vec<usize> {
        let mut out: Vec<usize> = shown
            .iter()
            .filter_map(|&p| self.order.get(p).copied())
            .collect();
        out.sort_unstable();
        out
    }

    /// The explanation with its option references relabeled to the letters shown in this
    /// attempt: authors refer to options by authored letter in parentheses, `(B)` or
    /// `(A, C)`, and those follow the shuffle. Letters elsewhere are left alone.
    pub fn explanation(&self) -> Option<String> {
        let text = self.question.explanation.as_deref()?;
        if self.question.kind == QuestionKind::TrueFalse {
            return Some(text.to_string());
        }
        Some(relabel(text, &self.order))
    }

    /// Whether several options may be chosen.
    pub fn is_multiple(&self) -> bool {
        self.question.kind == QuestionKind::Multiple
    }

    /// Letters for shown positions: `A`, `AC`; `T`/`F` for true/false.
    pub fn letters(&self, shown: &[usize]) -> String {
        if self.question.kind == QuestionKind::TrueFalse {
            return shown
                .iter()
                .map(|&p| if p == 0 { 'T' } else { 'F' })
                .collect();
        }
        shown.iter().map(|&p| letter(p)).collect()
    }
}

/// Rewrites option references such as `(B)` or `(A, C)` (after a space or at the start) from
/// authored letters to shown letters. A group naming a letter that is not an option is left
/// as written.
pub fn relabel(text: &str, order: &[usize]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '('
            && (i == 0 || chars[i - 1].is_whitespace())
            && let Some((end, replaced)) = relabel_group(&chars[i..], order)
        {
            out.push_str(&replaced);
            i += end;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// `(A)`, `(A, C)`, `(B, C and D)` at the start of `chars`: its length and the relabeled text.
fn relabel_group(chars: &[char], order: &[usize]) -> Option<(usize, String)> {
    let close = chars.iter().position(|&c| c == ')')?;
    let inner: String = chars[1..close].iter().collect();
    let mut letters = Vec::new();
    let mut seps = Vec::new();
    let mut rest = inner.as_str();
    loop {
        let mut it = rest.chars();
        let c = it.next()?;
        if !c.is_ascii_uppercase() {
            return None;
        }
        let authored = (c as u8 - b'A') as usize;
        let shown = order.iter().position(|&o| o == authored)?;
        letters.push(shown);
        rest = it.as_str();
        if rest.is_empty() {
            break;
        }
        let sep = [", and ", ", or ", ", ", ",", " and ", " or "]
            .into_iter()
            .find(|s| rest.starts_with(s))?;
        seps.push(sep);
        rest = &rest[sep.len()..];
    }
    letters.sort_unstable();
    let mut s = String::from("(");
    for (k, &p) in letters.iter().enumerate() {
        if k > 0 {
            s.push_str(seps[k - 1]);
        }
        s.push(letter(p));
    }
    s.push(')');
    Some((close + 1, s))
}

/// The letter shown for a position (A for 0).
pub fn letter(i: usize) -> char {
    (b'A' + (i.min(25) as u8)) as char
}

/// Which questions the trainee saw recently: question id to how many attempts ago (0 is the
/// latest attempt).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecentItems {
    ages: HashMap<String, usize>,
}

impl RecentItems {
    /// No history: nothing to avoid.
    pub fn none() -> Self {
        Self::default()
    }

    /// The questions in the latest `window` attempts (given in any order; the newest by
    /// finishing time counts as 0 ago).
    pub fn from_attempts<'a>(
        attempts: impl IntoIterator<Item = &'a AttemptRecord>,
        window: usize,
    ) -> Self {
        let mut attempts: Vec<&AttemptRecord> = attempts.into_iter().collect();
        attempts.sort_by(|a, b| {
            b.finished_at
                .cmp(&a.finished_at)
                .then_with(|| b.attempt_id.cmp(&a.attempt_id))
        });
        let mut out = RecentItems::default();
        for (age, a) in attempts.iter().take(window).enumerate() {
            for item in &a.items {
                out.ages.entry(item.question_id.clone()).or_insert(age);
            }
        }
        out
    }

    /// Marks a question as seen `age` attempts ago (keeps the more recent age).
    pub fn insert(&mut self, question_id: impl Into<String>, age: usize) {
        let e = self.ages.entry(question_id.into()).or_insert(age);
        *e = (*e).min(age);
    }

    /// How many attempts ago the question was seen, if it was.
    pub fn age(&self, question_id: &str) -> Option<usize> {
        self.ages.get(question_id).copied()
    }

    /// Whether nothing was seen.
    pub fn is_empty(&self) -> bool {
        self.ages.is_empty()
    }
}

/// Why an exam could not be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AssembleError {
    /// The blueprint names a bank that was not given.
    #[error("blueprint `{blueprint}` draws from bank `{bank}`, which is not loaded")]
    UnknownBank {
        /// The blueprint.
        blueprint: String,
        /// The missing bank.
        bank: String,
    },
    /// A domain has fewer usable questions than its share.
    #[error(
        "blueprint `{blueprint}` asks {need} questions from domain `{domain}`, but its banks hold {have}"
    )]
    Shortfall {
        /// The blueprint.
        blueprint: String,
        /// The domain.
        domain: String,
        /// Questions asked.
        need: usize,
        /// Usable questions there.
        have: usize,
    },
    /// Nothing to ask: no questions, or weights that give every domain 0.
    #[error("blueprint `{0}` asks for no questions")]
    Empty(String),
}

/// Draws an attempt from `bp` over `banks` (banks the blueprint does not name are ignored).
///
/// Per domain, the count is [`ExamBlueprint::allocate`]. Questions seen in `recent` are taken
/// only when a domain runs out of unseen ones, those seen longest ago first. Questions whose key
/// does not fit their options (which `validate` reports as errors) are never drawn.
///
/// This scans the banks each time; to draw several exams from the same content, build an
/// [`ExamPool`] once and call [`ExamPool::draw`] (same result for the same seed).
pub fn assemble(
    bp: &ExamBlueprint,
    banks: &[&QuestionBank],
    seed: u64,
    recent: &RecentItems,
) -> Result<AssembledExam, AssembleError> {
    Ok(ExamPool::new(bp, banks)?.draw(seed, recent))
}

/// A blueprint's drawable questions, grouped by domain once, to draw exams from.
#[derive(Debug)]
pub struct ExamPool<'a> {
    blueprint: &'a ExamBlueprint,
    domain_names: BTreeMap<String, String>,
    /// Per domain in id order: the domain, how many to draw, and the candidates in bank order
    /// then question order.
    domains: Vec<(String, usize, Vec<&'a Question>)>,
    /// Question id to (domain slot, position), built on the first draw that has a history.
    positions: std::sync::OnceLock<HashMap<&'a str, (usize, usize)>>,
}

impl<'a> ExamPool<'a> {
    /// Groups the blueprint's questions, checking that every bank is there and that every
    /// domain can fill its share.
    pub fn new(bp: &'a ExamBlueprint, banks: &[&'a QuestionBank]) -> Result<Self, AssembleError> {
        // The blueprint's banks, each once, in the blueprint's order.
        let mut chosen: Vec<&QuestionBank> = Vec::with_capacity(bp.banks.len());
        let mut named = HashSet::new();
        for id in &bp.banks {
            if !named.insert(id.as_str()) {
                continue;
            }
            match banks.iter().find(|b| &b.id == id) {
                Some(b) => chosen.push(b),
                None => {
                    return Err(AssembleError::UnknownBank {
                        blueprint: bp.id.clone(),
                        bank: id.clone(),
                    });
                }
            }
        }
        let allocation = bp.allocate();
        if allocation.values().sum::<u32>() == 0 {
            return Err(AssembleError::Empty(bp.id.clone()));
        }
        let mut by_domain: BTreeMap<&str, Vec<&'a Question>> = allocation
            .keys()
            .map(|d| (d.as_str(), Vec::new()))
            .collect();
        let mut domain_names = BTreeMap::new();
        for bank in &chosen {
            for d in &bank.domains {
                if allocation.contains_key(&d.id) {
                    domain_names
                        .entry(d.id.clone())
                        .or_insert_with(|| d.name.clone());
                }
            }
            for q in &bank.questions {
                if let Some(list) = by_domain.get_mut(q.domain.as_str())
                    && drawable(q)
                {
                    list.push(q);
                }
            }
        }
        let mut domains = Vec::with_capacity(allocation.len());
        for (domain, &need) in &allocation {
            domain_names
                .entry(domain.clone())
                .or_insert_with(|| domain.clone());
            let list = by_domain.remove(domain.as_str()).unwrap_or_default();
            let need = need as usize;
            if list.len() < need {
                return Err(AssembleError::Shortfall {
                    blueprint: bp.id.clone(),
                    domain: domain.clone(),
                    need,
                    have: list.len(),
                });
            }
            domains.push((domain.clone(), need, list));
        }
        Ok(ExamPool {
            blueprint: bp,
            domain_names,
            domains,
            positions: std::sync::OnceLock::new(),
        })
    }

    /// Draws one attempt: the same seed and the same history give the same exam.
    pub fn draw(&self, seed: u64, recent: &RecentItems) -> AssembledExam {
        let bp = self.blueprint;
        let mut rng = SeededRng::new(seed);
        let total = self.domains.iter().map(|d| d.1).sum();
        let mut picked: Vec<&Question> = Vec::with_capacity(total);
        let seen = (!recent.is_empty()).then(|| self.seen_by_domain(recent));
        for (slot, (_, need, list)) in self.domains.iter().enumerate() {
            let mut order = match &seen {
                None => list.clone(),
                Some(seen) => fresh_first(list, &seen[slot]),
            };
            match &seen {
                None => rng.choose_front(&mut order, *need),
                Some(seen) => {
                    let groups = group_sizes(order.len(), &seen[slot]);
                    draw_groups(&mut rng, &mut order, &groups, *need);
                }
            }
            picked.extend_from_slice(&order[..*need]);
        }
        rng.shuffle(&mut picked);
        let items = exam_items(picked, bp, &mut rng);
        AssembledExam {
            assembly_version: ASSEMBLY_VERSION,
            blueprint: bp.clone(),
            domain_names: self.domain_names.clone(),
            seed,
            items,
        }
    }

    /// Per domain slot, the seen candidates as (position, age), seen longest ago first, then
    /// by position.
    fn seen_by_domain(&self, recent: &RecentItems) -> Vec<Vec<(usize, usize)>> {
        let positions = self.positions.get_or_init(|| {
            let mut m = HashMap::new();
            for (slot, (_, _, list)) in self.domains.iter().enumerate() {
                for (i, q) in list.iter().enumerate() {
                    m.entry(q.id.as_str()).or_insert((slot, i));
                }
            }
            m
        });
        let mut seen = vec![Vec::new(); self.domains.len()];
        for (id, &age) in &recent.ages {
            if let Some(&(slot, i)) = positions.get(id.as_str()) {
                seen[slot].push((i, age));
            }
        }
        for s in &mut seen {
            s.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        seen
    }
}

/// The candidates with unseen ones first (in order), then the seen ones in the given order.
fn fresh_first<'a>(list: &[&'a Question], seen: &[(usize, usize)]) -> Vec<&'a Question> {
    let mut is_seen = vec![false; list.len()];
    for &(i, _) in seen {
        is_seen[i] = true;
    }
    let mut out: Vec<&Question> = list
        .iter()
        .zip(&is_seen)
        .filter(|(_, s)| !**s)
        .map(|(q, _)| *q)
        .collect();
    out.extend(seen.iter().map(|&(i, _)| list[i]));
    out
}

/// Sizes of the groups drawn in turn: the unseen, then one group per age, oldest first.
fn group_sizes(total: usize, seen: &[(usize, usize)]) -> Vec<usize> {
    let mut sizes = vec![total - seen.len()];
    let mut k = 0;
    while k < seen.len() {
        let age = seen[k].1;
        let n = seen[k..].iter().take_while(|s| s.1 == age).count();
        sizes.push(n);
        k += n;
    }
    sizes
}

/// Moves `need` items to the front of `order`, taking whole groups while they fit and a random
/// choice from the group that does not; random order inside a partly taken group.
fn draw_groups(rng: &mut SeededRng, order: &mut [&Question], groups: &[usize], need: usize) {
    let mut start = 0;
    let mut left = need;
    for &size in groups {
        if left == 0 {
            break;
        }
        if size == 0 {
            continue;
        }
        let group = &mut order[start..start + size];
        if size <= left {
            left -= size;
        } else {
            rng.choose_front(group, left);
            left = 0;
        }
        start += size;
    }
}

/// Whether a question can be asked and scored: its key names options it has, each once, in the
/// number its kind needs. Allocates nothing (it runs once per question in the bank).
pub fn drawable(q: &Question) -> bool {
    let key = q.key.trim();
    if q.kind == QuestionKind::TrueFalse {
        return q.options.is_empty() && matches!(key, "T" | "t" | "F" | "f");
    }
    let n = q.options.len();
    if !(2..=26).contains(&n) {
        return false;
    }
    let mut seen = 0u32;
    for c in key.bytes() {
        let c = c.to_ascii_uppercase();
        if !c.is_ascii_uppercase() || usize::from(c - b'A') >= n {
            return false;
        }
        let bit = 1u32 << (c - b'A');
        if seen & bit != 0 {
            return false;
        }
        seen |= bit;
    }
    match q.kind {
        QuestionKind::Multiple => seen != 0,
        _ => seen.count_ones() == 1,
    }
}

/// The questions as exam items in the given order, with options shuffled when the blueprint
/// says so and the question allows it (true/false never is; pinned options stay in place).
pub(crate) fn exam_items(
    picked: Vec<&Question>,
    bp: &ExamBlueprint,
    rng: &mut SeededRng,
) -> Vec<ExamItem> {
    picked
        .into_iter()
        .map(|q| {
            let mut item = ExamItem::unshuffled(q.clone());
            if bp.shuffle_options && q.shuffle && q.kind != QuestionKind::TrueFalse {
                shuffle_options(rng, &mut item);
            }
            item
        })
        .collect()
}

/// Shuffles the options that are not pinned among the positions that are not pinned.
pub(crate) fn shuffle_options(rng: &mut SeededRng, item: &mut ExamItem) {
    let n = item.order.len();
    let pinned: HashSet<usize> = item
        .question
        .pinned
        .iter()
        .copied()
        .filter(|&p| p < n)
        .collect();
    let free: Vec<usize> = (0..n).filter(|p| !pinned.contains(p)).collect();
    let mut moved = free.clone();
    rng.shuffle(&mut moved);
    for (slot, authored) in free.into_iter().zip(moved) {
        item.order[slot] = authored;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(id: &str, kind: QuestionKind, options: &[&str], key: &str) -> Question {
        Question {
            id: id.into(),
            domain: "d".into(),
            tags: vec![],
            kind,
            excerpt: vec![],
            stem: "?".into(),
            options: options.iter().map(|s| s.to_string()).collect(),
            pinned: vec![],
            shuffle: true,
            key: key.into(),
            explanation: None,
            citation: None,
            difficulty: crate::model::Difficulty::Beginner,
        }
    }

    #[test]
    fn item_maps_shown_positions_to_authored_ones() {
        let mut item =
            ExamItem::unshuffled(q("a", QuestionKind::Multiple, &["w", "x", "y", "z"], "BD"));
        item.order = vec![3, 0, 1, 2]; // shows z, w, x, y
        assert_eq!(item.options(), ["z", "w", "x", "y"]);
        assert_eq!(item.key(), [0, 2]); // z is A, x is C
        assert_eq!(item.letters(&item.key()), "AC");
        assert_eq!(item.to_authored(&[2, 0]), [1, 3]);
    }

    #[test]
    fn explanations_follow_the_shuffle() {
        let mut item =
            ExamItem::unshuffled(q("a", QuestionKind::Single, &["w", "x", "y", "z"], "B"));
        item.question.explanation = Some(
            "Not (A); see 15 USC 1692e(2)(A). Options (A, C) and (B, C and D) differ (E) (a)."
                .into(),
        );
        item.order = vec![3, 0, 1, 2]; // authored A shows as B, B as C, C as D, D as A
        assert_eq!(
            item.explanation().unwrap(),
            "Not (B); see 15 USC 1692e(2)(A). Options (B, D) and (A, C and D) differ (E) (a)."
        );
    }

    #[test]
    fn pinned_options_stay_put_under_every_seed() {
        let mut question = q(
            "p",
            QuestionKind::Single,
            &["a", "b", "c", "All of the above"],
            "D",
        );
        question.pinned = vec![3];
        let mut moved = false;
        for seed in 0..50 {
            let mut rng = SeededRng::new(seed);
            let mut item = ExamItem::unshuffled(question.clone());
            shuffle_options(&mut rng, &mut item);
            assert_eq!(item.order[3], 3);
            let mut sorted = item.order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, [0, 1, 2, 3]);
            moved |= item.order != [0, 1, 2, 3];
        }
        assert!(moved, "unpinned options never moved");
    }

    #[test]
    fn undrawable_questions_are_recognised() {
        assert!(drawable(&q("a", QuestionKind::Single, &["x", "y"], "B")));
        assert!(!drawable(&q("a", QuestionKind::Single, &["x", "y"], "C")));
        assert!(!drawable(&q("a", QuestionKind::Single, &["x", "y"], "AB")));
        assert!(drawable(&q("a", QuestionKind::TrueFalse, &[], "T")));
        assert!(!drawable(&q("a", QuestionKind::TrueFalse, &[], "X")));
    }
}
