namespace PolicyCare.Insights;

/// <summary>One tenth of the test cases, ordered by predicted risk: what the model said against what happened.</summary>
public sealed record CalibrationRow(int Decile, int Cases, double MeanPredicted, double ObservedRate);

/// <summary>How well scores rank and how true their probabilities are, computed on cases the model never saw.</summary>
public static class ModelEvaluation
{
    /// <summary>
    /// The area under the ROC curve: the chance that a case that lapsed scores above one that did not (ties count
    /// half) — the Mann–Whitney statistic over average ranks. Null when the cases hold only one outcome.
    /// </summary>
    public static double? Auc(IReadOnlyList<double> scores, IReadOnlyList<bool> outcomes)
    {
        if (scores.Count != outcomes.Count) throw new ArgumentException("one outcome per score", nameof(outcomes));
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[i]]) j++;
            var average = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[order[k]] = average;
            i = j + 1;
        }
        long positives = outcomes.Count(o => o), negatives = outcomes.Count - positives;
        if (positives == 0 || negatives == 0) return null;
        var rankSum = Enumerable.Range(0, scores.Count).Where(i => outcomes[i]).Sum(i => ranks[i]);
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>Cases sorted by score and cut into (up to) ten groups of equal size; the first decile is the lowest risk.</summary>
    public static IReadOnlyList<CalibrationRow> Calibration(IReadOnlyList<double> scores, IReadOnlyList<bool> outcomes, int groups = 10)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ThenBy(i => i).ToArray();
        var rows = new List<CalibrationRow>();
        for (var g = 0; g < groups; g++)
        {
            int from = g * order.Length / groups, to = (g + 1) * order.Length / groups;
            if (to == from) continue;
            var slice = order[from..to];
            rows.Add(new CalibrationRow(g + 1, slice.Length, slice.Average(i => scores[i]), slice.Count(i => outcomes[i]) / (double)slice.Length));
        }
        return rows;
    }
}
