//! The scenario map: a layered layout of a scenario's nodes (columns by distance from the
//! start), its choices, diverts and time-outs as edges, and the painting of it with egui's
//! painter. Each node is also an accessible button (labelled with its id and what it is), so
//! the map can be used by keyboard and read by a screen reader.

use std::collections::{HashMap, HashSet, VecDeque};

use eframe::egui::{
    self, Align2, Color32, FontId, Pos2, Rect, Sense, Shape, Stroke, StrokeKind, Vec2, epaint,
};

use crate::call::engine::outcome_points;
use crate::model::{Outcome, Scenario};

/// Width of a node's box.
const NODE_W: f32 = 150.0;
/// Height of a node's box.
const NODE_H: f32 = 34.0;
/// Distance between columns.
const COL: f32 = 210.0;
/// Distance between rows.
const ROW: f32 = 54.0;
/// Margin around the map.
const MARGIN: f32 = 16.0;

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A node with choices (or only diverts).
    Step,
    /// An ending, with its outcome.
    Ending(Outcome),
}

/// One node placed on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapNode {
    /// Node id.
    pub id: String,
    /// Centre of its box, relative to the map's top-left corner.
    pub pos: Pos2,
    /// What it is.
    pub kind: NodeKind,
    /// Whether it is the start node.
    pub start: bool,
    /// Whether the start reaches it through some edge (conditions ignored).
    pub reachable: bool,
}

/// How one node leads to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// A choice's `next` (or its `on_counter` / `on_refuse`).
    Choice,
    /// A divert.
    Divert,
    /// A time limit running out.
    Timeout,
}

/// One edge of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapEdge {
    /// Index of the node it leaves.
    pub from: usize,
    /// Index of the node it reaches.
    pub to: usize,
    /// Why.
    pub kind: EdgeKind,
}

/// A scenario laid out for drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct MapLayout {
    /// The nodes, in the scenario's order.
    pub nodes: Vec<MapNode>,
    /// The edges (one per distinct from, to and kind).
    pub edges: Vec<MapEdge>,
    /// The size the map needs.
    pub size: Vec2,
}

impl MapLayout {
    /// Lays out a scenario: the start in the first column, each node in the column of its
    /// shortest distance from the start, nodes the start cannot reach in a last column of
    /// their own. Edges to unknown nodes are left out (they are diagnostics already).
    pub fn new(s: &Scenario) -> Self {
        let n = s.nodes.len();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, node) in s.nodes.iter().enumerate() {
            index.entry(node.id.as_str()).or_insert(i);
        }
        let mut edges: Vec<MapEdge> = Vec::new();
        let mut seen: HashSet<(usize, usize, u8)> = HashSet::new();
        for (i, node) in s.nodes.iter().enumerate() {
            let mut add = |target: &str, kind: EdgeKind| {
                if let Some(&to) = index.get(target)
                    && seen.insert((i, to, kind as u8))
                {
                    edges.push(MapEdge { from: i, to, kind });
                }
            };
            for d in &node.diverts {
                add(&d.next, EdgeKind::Divert);
            }
            for c in &node.choices {
                add(&c.next, EdgeKind::Choice);
                for t in c.on_counter.iter().chain(&c.on_refuse) {
                    add(t, EdgeKind::Choice);
                }
            }
            if let Some(t) = &node.time_limit {
                add(&t.on_timeout, EdgeKind::Timeout);
            }
        }
        // Columns: breadth-first distance from the start.
        let mut depth: Vec<Option<usize>> = vec![None; n];
        let mut order: Vec<usize> = Vec::new();
        if let Some(&start) = index.get(s.start.as_str()) {
            depth[start] = Some(0);
            let mut queue = VecDeque::from([start]);
            while let Some(i) = queue.pop_front() {
                order.push(i);
                for e in edges.iter().filter(|e| e.from == i) {
                    if depth[e.to].is_none() {
                        depth[e.to] = Some(depth[i].unwrap_or(0) + 1);
                        queue.push_back(e.to);
                    }
                }
            }
        }
        let last = depth.iter().flatten().max().map_or(0, |d| d + 1);
        let mut rows: Vec<usize> = Vec::new();
        let mut col_row = |col: usize| {
            if rows.len() <= col {
                rows.resize(col + 1, 0);
            }
            let r = rows[col];
            rows[col] += 1;
            r
        };
        let mut pos = vec![Pos2::ZERO; n];
        let place = |col: usize, row: usize| {
            Pos2::new(
                MARGIN + NODE_W / 2.0 + col as f32 * COL,
                MARGIN + NODE_H / 2.0 + row as f32 * ROW,
            )
        };
        for &i in &order {
            let col = depth[i].unwrap_or(0);
            pos[i] = place(col, col_row(col));
        }
        for i in 0..n {
            if depth[i].is_none() {
                pos[i] = place(last, col_row(last));
            }
        }
        let cols = rows.len().max(1);
        let max_rows = rows.iter().copied().max().unwrap_or(1).max(1);
        let size = Vec2::new(
            2.0 * MARGIN + NODE_W + (cols - 1) as f32 * COL,
            2.0 * MARGIN + NODE_H + (max_rows - 1) as f32 * ROW,
        );
        let nodes = s
            .nodes
            .iter()
            .enumerate()
            .map(|(i, node)| MapNode {
                id: node.id.clone(),
                pos: pos[i],
                kind: match &node.ending {
                    Some(e) => NodeKind::Ending(e.outcome),
                    None => NodeKind::Step,
                },
                start: node.id == s.start,
                reachable: depth[i].is_some(),
            })
            .collect();
        MapLayout { nodes, edges, size }
    }

    /// The index of a node id.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// The nodes a path through the map passes, given the nodes it is known to stop at (the
    /// decision nodes, then where it ends): between two of them, the shortest way through
    /// nodes that divert (a call passes those without a decision). Unknown ids are skipped.
    pub fn connect(&self, s: &Scenario, stops: &[&str]) -> Vec<usize> {
        let stops: Vec<usize> = stops.iter().filter_map(|id| self.index(id)).collect();
        let mut out: Vec<usize> = Vec::new();
        for (k, &b) in stops.iter().enumerate() {
            if k == 0 {
                out.push(b);
                continue;
            }
            let a = stops[k - 1];
            let via = self.shortest(s, a, |i| i == b).unwrap_or_default();
            out.extend(via);
            out.push(b);
        }
        out
    }

    /// The nodes strictly between `a` and the first node satisfying `goal` on a shortest way
    /// whose inner nodes all divert; `None` when there is no such way.
    fn shortest(&self, s: &Scenario, a: usize, goal: impl Fn(usize) -> bool) -> Option<Vec<usize>> {
        let mut parent: HashMap<usize, usize> = HashMap::new();
        let mut queue = VecDeque::from([a]);
        while let Some(i) = queue.pop_front() {
            for e in self.edges.iter().filter(|e| e.from == i) {
                if e.to == a || parent.contains_key(&e.to) {
                    continue;
                }
                parent.insert(e.to, i);
                if goal(e.to) {
                    let mut via = Vec::new();
                    let mut cur = i;
                    while cur != a {
                        via.push(cur);
                        cur = parent[&cur];
                    }
                    via.reverse();
                    return Some(via);
                }
                if !s.nodes[e.to].diverts.is_empty() {
                    queue.push_back(e.to);
                }
            }
        }
        None
    }

    /// The nodes of a best or worst path as `analyze` spells it (`node:number` per decision),
    /// ending at the nearest ending with `outcome` after the last decision.
    pub fn analysis_path(&self, s: &Scenario, path: &[String], outcome: Outcome) -> Vec<usize> {
        let stops: Vec<&str> = path
            .iter()
            .map(|step| step.rsplit_once(':').map_or(step.as_str(), |(id, _)| id))
            .collect();
        let mut nodes = if stops.is_empty() {
            self.index(&s.start).into_iter().collect()
        } else {
            self.connect(s, &stops)
        };
        if let Some(&last) = nodes.last() {
            let is_end = |i: usize| self.nodes[i].kind == NodeKind::Ending(outcome);
            if !is_end(last)
                && let Some(via) = self.shortest(s, last, is_end)
            {
                // `shortest` stops at the first matching node: find it again after `via`.
                let from = via.last().copied().unwrap_or(last);
                nodes.extend(via);
                if let Some(e) = self.edges.iter().find(|e| e.from == from && is_end(e.to)) {
                    nodes.push(e.to);
                }
            }
        }
        nodes
    }
}

/// The colour of an ending by how it went for the account: collected (green), closed
/// correctly without a payment (amber), lost (red). Semantic colours that read on both themes.
pub fn outcome_color(o: Outcome) -> Color32 {
    match outcome_points(o) {
        p if p > 0 => Color32::from_rgb(46, 160, 67),
        0 => Color32::from_rgb(214, 150, 20),
        _ => Color32::from_rgb(210, 60, 60),
    }
}

/// The colour of the best path.
pub const BEST_COLOR: Color32 = Color32::from_rgb(52, 120, 230);
/// The colour of the trainee's path.
pub const TRAINEE_COLOR: Color32 = Color32::from_rgb(190, 90, 210);

/// What to draw on top of the layout.
pub struct Overlay<'a> {
    /// Node indices of the best path, in order.
    pub best: &'a [usize],
    /// Node indices of the trainee's path, in order.
    pub trainee: &'a [usize],
    /// Nodes the explorer found no path to (beyond those the layout already knows).
    pub unreached: &'a HashSet<String>,
    /// The node chosen as the preview's start.
    pub selected: Option<&'a str>,
}

/// The accessible label of a node button.
pub fn node_label(node: &MapNode, s: &Scenario, overlay: &Overlay<'_>, i: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    if node.start {
        parts.push("start".into());
    }
    match node.kind {
        NodeKind::Ending(o) => parts.push(format!("ending: {}", o.label())),
        NodeKind::Step => {
            let k = s.nodes[i].choices.len();
            parts.push(if k == 1 {
                "1 choice".into()
            } else {
                format!("{k} choices")
            });
        }
    }
    if !node.reachable || overlay.unreached.contains(&node.id) {
        parts.push("unreachable".into());
    }
    if overlay.best.contains(&i) {
        parts.push("on the best path".into());
    }
    if overlay.trainee.contains(&i) {
        parts.push("on the trainee's path".into());
    }
    format!("Node {}: {}", node.id, parts.join(", "))
}

/// Paints the map into `ui` (allocating its size) and returns the id of a node that was clicked.
pub fn paint(
    ui: &mut egui::Ui,
    layout: &MapLayout,
    s: &Scenario,
    overlay: &Overlay<'_>,
) -> Option<String> {
    let (response, painter) = ui.allocate_painter(layout.size, Sense::hover());
    let origin = response.rect.min.to_vec2();
    let visuals = ui.visuals().clone();
    let text_color = visuals.strong_text_color();
    let weak = visuals.weak_text_color();
    let edge_color = visuals
        .widgets
        .noninteractive
        .fg_stroke
        .color
        .gamma_multiply(0.7);
    let rect_of =
        |i: usize| Rect::from_center_size(layout.nodes[i].pos + origin, Vec2::new(NODE_W, NODE_H));

    // Edges first, under the nodes.
    for e in &layout.edges {
        let stroke = match e.kind {
            EdgeKind::Choice => Stroke::new(1.2, edge_color),
            EdgeKind::Divert => Stroke::new(1.0, edge_color.gamma_multiply(0.7)),
            EdgeKind::Timeout => Stroke::new(1.0, visuals.warn_fg_color.gamma_multiply(0.8)),
        };
        edge(
            &painter,
            rect_of(e.from),
            rect_of(e.to),
            stroke,
            0.0,
            e.kind == EdgeKind::Divert,
        );
    }
    for (path, color, offset) in [
        (overlay.best, BEST_COLOR, -3.0),
        (overlay.trainee, TRAINEE_COLOR, 3.0),
    ] {
        for w in path.windows(2) {
            edge(
                &painter,
                rect_of(w[0]),
                rect_of(w[1]),
                Stroke::new(3.0, color),
                offset,
                false,
            );
        }
    }

    let mut clicked = None;
    for (i, node) in layout.nodes.iter().enumerate() {
        let rect = rect_of(i);
        let unreachable = !node.reachable || overlay.unreached.contains(&node.id);
        let (fill, mut stroke) = match node.kind {
            NodeKind::Ending(o) => {
                let c = outcome_color(o);
                (c.gamma_multiply(0.35), Stroke::new(2.0, c))
            }
            NodeKind::Step => (
                visuals.widgets.inactive.weak_bg_fill,
                visuals.widgets.inactive.fg_stroke,
            ),
        };
        if node.start {
            stroke = Stroke::new(2.5, visuals.selection.stroke.color);
        }
        if overlay.selected == Some(node.id.as_str()) {
            stroke = Stroke::new(3.0, visuals.selection.stroke.color);
        }
        let id = response.id.with(("map-node", i));
        let resp = ui.interact(rect, id, Sense::click());
        let label = node_label(node, s, overlay, i);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        let hovered = resp.hovered() || resp.has_focus();
        if hovered {
            stroke = Stroke::new(
                stroke.width.max(2.0),
                visuals.widgets.hovered.fg_stroke.color,
            );
        }
        if unreachable {
            painter.rect_filled(rect, 6.0, fill.gamma_multiply(0.4));
            let red = visuals.error_fg_color;
            let pts = [
                rect.left_top(),
                rect.right_top(),
                rect.right_bottom(),
                rect.left_bottom(),
                rect.left_top(),
            ];
            painter.extend(Shape::dashed_line(&pts, Stroke::new(2.0, red), 6.0, 4.0));
        } else {
            painter.rect(rect, 6.0, fill, stroke, StrokeKind::Inside);
        }
        let title = elide(&node.id, 20);
        let (main, sub) = match (unreachable, node.kind) {
            (true, _) => (title, Some("unreachable".to_string())),
            (false, NodeKind::Ending(o)) => (title, Some(o.label().to_string())),
            (false, NodeKind::Step) if node.start => (title, Some("start".to_string())),
            _ => (title, None),
        };
        match sub {
            Some(sub) => {
                painter.text(
                    rect.center() - Vec2::new(0.0, 7.0),
                    Align2::CENTER_CENTER,
                    main,
                    FontId::proportional(13.0),
                    text_color,
                );
                painter.text(
                    rect.center() + Vec2::new(0.0, 8.0),
                    Align2::CENTER_CENTER,
                    sub,
                    FontId::proportional(11.0),
                    if unreachable {
                        visuals.error_fg_color
                    } else {
                        weak
                    },
                );
            }
            None => {
                painter.text(
                    rect.center(),
                    Align2::CENTER_CENTER,
                    main,
                    FontId::proportional(13.0),
                    text_color,
                );
            }
        }
        let says = &s.nodes[i].says;
        let resp = resp.on_hover_text(format!(
            "{}\n“{}”\nClick to preview from here.",
            node.id,
            elide(says, 160)
        ));
        if resp.clicked() {
            clicked = Some(node.id.clone());
        }
    }
    clicked
}

/// An arrow between two node boxes: forward edges leave the right side and enter the left one;
/// edges within a column bow out to the right, edges going back curve below the boxes.
fn edge(painter: &egui::Painter, a: Rect, b: Rect, stroke: Stroke, offset: f32, dashed: bool) {
    let off = Vec2::new(0.0, offset);
    if b.left() > a.right() {
        let p0 = a.right_center() + off;
        let p1 = b.left_center() + off;
        if dashed {
            painter.extend(Shape::dashed_line(&[p0, p1], stroke, 5.0, 4.0));
        } else {
            painter.line_segment([p0, p1], stroke);
        }
        head(painter, p1, p1 - p0, stroke);
    } else if (a.center().x - b.center().x).abs() < 1.0 {
        // Same column: a bow on the right, clear of the boxes between.
        let p0 = a.right_center() + off;
        let p3 = b.right_center() + off;
        let bow = Vec2::new(28.0 + (p0.y - p3.y).abs() * 0.1, 0.0);
        let p1 = p0 + bow;
        let p2 = p3 + bow;
        painter.add(epaint::CubicBezierShape::from_points_stroke(
            [p0, p1, p2, p3],
            false,
            Color32::TRANSPARENT,
            stroke,
        ));
        head(painter, p3, p3 - p2, stroke);
    } else {
        let p0 = a.center_bottom() + off;
        let p3 = b.center_bottom() + off;
        let dip = 22.0 + (p0.x - p3.x).abs() * 0.15;
        let p1 = p0 + Vec2::new(0.0, dip);
        let p2 = p3 + Vec2::new(0.0, dip);
        painter.add(epaint::CubicBezierShape::from_points_stroke(
            [p0, p1, p2, p3],
            false,
            Color32::TRANSPARENT,
            stroke,
        ));
        head(painter, p3, p3 - p2, stroke);
    }
}

/// A small arrow head at `tip`, pointing along `dir`.
fn head(painter: &egui::Painter, tip: Pos2, dir: Vec2, stroke: Stroke) {
    let d = dir.normalized() * 8.0;
    let side = Vec2::new(-d.y, d.x) * 0.5;
    painter.line_segment([tip, tip - d + side], stroke);
    painter.line_segment([tip, tip - d - side], stroke);
}

/// `s` cut to `max` characters with an ellipsis.
fn elide(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{CheckOptions, load_texts};

    fn scenario(text: &str) -> Scenario {
        let set = load_texts([("s.ron", text)], &CheckOptions::default());
        set.scenarios.into_iter().next().unwrap().item
    }

    const CALL: &str = include_str!("../../../tests/data/valid/call.ron");

    #[test]
    fn columns_follow_distance_from_the_start() {
        let s = scenario(CALL);
        let m = MapLayout::new(&s);
        let x = |id: &str| m.nodes[m.index(id).unwrap()].pos.x;
        assert!(x("hello") < x("debtor"));
        assert_eq!(x("debtor"), x("silence"));
        assert!(x("debtor") < x("plan"));
        assert!(m.nodes.iter().all(|n| n.reachable));
        assert!(m.nodes[m.index("hello").unwrap()].start);
        assert_eq!(
            m.nodes[m.index("plan_set").unwrap()].kind,
            NodeKind::Ending(Outcome::PlanSetUp)
        );
        // No two boxes overlap.
        for (i, a) in m.nodes.iter().enumerate() {
            for b in &m.nodes[i + 1..] {
                assert!(
                    a.pos.distance(b.pos) >= ROW - 0.1,
                    "{} and {} overlap",
                    a.id,
                    b.id
                );
            }
        }
    }

    #[test]
    fn an_analysis_path_is_connected_to_its_ending() {
        let s = scenario(CALL);
        let m = MapLayout::new(&s);
        let path = vec![
            "hello:1".to_string(),
            "debtor:1".to_string(),
            "plan:1".to_string(),
        ];
        let nodes: Vec<&str> = m
            .analysis_path(&s, &path, Outcome::PlanSetUp)
            .into_iter()
            .map(|i| m.nodes[i].id.as_str())
            .collect();
        assert_eq!(nodes, ["hello", "debtor", "plan", "plan_set"]);
        let worst: Vec<&str> = m
            .analysis_path(&s, &["hello:2".to_string()], Outcome::DebtorHungUp)
            .into_iter()
            .map(|i| m.nodes[i].id.as_str())
            .collect();
        assert_eq!(worst, ["hello", "hung_up"]);
    }
}
