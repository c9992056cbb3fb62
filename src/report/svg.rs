//! A horizontal bar chart as inline SVG, written by hand: one row per bar, the bar's length
//! in percent of the chart's width so the chart fills any screen without scaling its text.
//! Short labels (years, months) sit left of their bar; longer ones (files, codes) above it.
//! Colours come from the page's stylesheet (`.bar`, `.bar.alert`, `.label`), so the chart
//! follows the reader's light or dark scheme. Every text is escaped.

use crate::text::escape;

/// One bar.
#[derive(Debug, Clone)]
pub(crate) struct Bar {
    pub(crate) label: String,
    pub(crate) value: f64,
    /// The value as the chart prints it.
    pub(crate) shown: String,
    /// Drawn in the alert colour (overdue reviews, errors).
    pub(crate) alert: bool,
}

impl Bar {
    pub(crate) fn new(label: impl Into<String>, value: usize) -> Bar {
        Bar {
            label: label.into(),
            value: value as f64,
            shown: value.to_string(),
            alert: false,
        }
    }

    /// A bar of a value with one decimal.
    pub(crate) fn decimal(label: impl Into<String>, value: f64) -> Bar {
        Bar {
            shown: format!("{value:.1}"),
            value,
            ..Bar::new(label, 0)
        }
    }
}

/// Labels up to this many characters fit left of the bar.
const SHORT_LABEL: usize = 7;
/// The share of the width left of the bars when labels sit there, and the longest bar.
const LABEL_PERCENT: f64 = 20.0;
const BAR_PERCENT: f64 = 68.0;
/// How many bars the text alternative names before pointing to the table.
const NAMED: usize = 12;

/// The chart of `bars` titled `title`, with a text alternative naming each bar's value.
/// `id` must be unique in the page (it ties the `<title>` to the chart).
pub(crate) fn bar_chart(id: &str, title: &str, bars: &[Bar]) -> String {
    let short = bars.iter().all(|b| b.label.chars().count() <= SHORT_LABEL);
    let (row, bar_top, left) = if short {
        (24, 4, LABEL_PERCENT)
    } else {
        (40, 20, 0.0)
    };
    let height = (bars.len() * row).max(row);
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max);
    let mut svg = format!(
        "<svg class=\"chart\" width=\"100%\" height=\"{height}\" role=\"img\" \
         aria-labelledby=\"{id}-title\" aria-label=\"{alt}\">\
         <title id=\"{id}-title\">{alt}</title>",
        alt = escape(&alternative(title, bars)),
    );
    for (i, bar) in bars.iter().enumerate() {
        let top = i * row;
        let width = scaled(bar.value, max);
        let label_y = if short { top + 17 } else { top + 14 };
        svg.push_str(&format!(
            "<text class=\"label\" x=\"0\" y=\"{label_y}\">{}</text>",
            escape(&bar.label)
        ));
        let class = if bar.alert { "bar alert" } else { "bar" };
        svg.push_str(&format!(
            "<rect class=\"{class}\" x=\"{left}%\" y=\"{y}\" width=\"{width:.2}%\" height=\"16\"/>\
             <text class=\"value\" x=\"{vx:.2}%\" y=\"{ty}\" dx=\"4\">{value}</text>",
            y = top + bar_top,
            vx = left + width,
            ty = top + bar_top + 13,
            value = escape(&bar.shown),
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The length of a bar of `value` in percent of the chart's width, the longest bar `max`.
fn scaled(value: f64, max: f64) -> f64 {
    if max > 0.0 && value.is_finite() {
        (value / max).clamp(0.0, 1.0) * BAR_PERCENT
    } else {
        0.0
    }
}

/// What a reader who cannot see the chart is told: its title and the first bars' values.
fn alternative(title: &str, bars: &[Bar]) -> String {
    if bars.is_empty() {
        return format!("{title}: nothing to show");
    }
    let named: Vec<String> = bars
        .iter()
        .take(NAMED)
        .map(|b| format!("{} {}", b.label, b.shown))
        .collect();
    let mut text = format!("{title}: {}", named.join(", "));
    if bars.len() > NAMED {
        text.push_str(&format!(
            ", and {} more in the table below",
            bars.len() - NAMED
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn widths(svg: &str) -> Vec<String> {
        svg.split("<rect ")
            .skip(1)
            .map(|rect| {
                let start = rect.find("width=\"").unwrap() + 7;
                let rest = &rect[start..];
                rest[..rest.find('"').unwrap()].to_string()
            })
            .collect()
    }

    #[test]
    fn bars_are_scaled_to_the_longest() {
        let svg = bar_chart(
            "c",
            "t",
            &[
                Bar::new("2019", 4),
                Bar::new("2020", 2),
                Bar::new("2021", 0),
            ],
        );
        assert_eq!(widths(&svg), ["68.00%", "34.00%", "0.00%"]);
    }

    #[test]
    fn an_empty_chart_says_so_and_draws_no_bar() {
        let svg = bar_chart("c", "Reviews", &[]);
        assert!(svg.contains("aria-label=\"Reviews: nothing to show\""));
        assert!(widths(&svg).is_empty());
        assert!(svg.contains("height=\"24\""));
    }

    #[test]
    fn every_text_is_escaped() {
        let svg = bar_chart("c", "<b>\"t\"", &[Bar::new("content/<script>&.md", 1)]);
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains("content/&lt;script&gt;&amp;.md"));
        assert!(svg.contains("&lt;b&gt;&quot;t&quot;: content/"));
    }

    #[test]
    fn long_labels_sit_above_their_bars() {
        let svg = bar_chart("c", "t", &[Bar::new("content/a-long-name.md", 3)]);
        assert!(svg.contains("x=\"0%\" y=\"20\""));
        assert!(svg.contains("height=\"40\""));
    }

    #[test]
    fn the_text_alternative_names_the_first_bars_and_points_to_the_table() {
        let bars: Vec<Bar> = (0..14).map(|i| Bar::new(format!("{i}"), i)).collect();
        let text = alternative("Years", &bars);
        assert!(text.starts_with("Years: 0 0, 1 1,"));
        assert!(text.ends_with("11 11, and 2 more in the table below"));
    }
}
