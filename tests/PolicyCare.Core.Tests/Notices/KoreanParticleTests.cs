using PolicyCare.Billing;
using PolicyCare.Delinquency;
using static PolicyCare.Support.Build;

namespace PolicyCare.Notices;

public sealed class KoreanParticleTests
{
    [Theory]
    [InlineData("150,000원", "이", "150,000원이")]       // 원 ends in ㄴ
    [InlineData("12.50달러", "이", "12.50달러가")]       // 러 ends in a vowel
    [InlineData("KR000003", "은", "KR000003은")]        // 삼
    [InlineData("KR000002", "은", "KR000002는")]        // 이
    [InlineData("KR000010", "을", "KR000010을")]        // 십
    [InlineData("P7", "으로", "P7로")]                  // 칠: ㄹ takes 로
    [InlineData("고객 포털", "으로", "고객 포털로")]
    [InlineData("고객센터", "으로", "고객센터로")]
    [InlineData("1,300.00위안", "과", "1,300.00위안과")]
    [InlineData("5%", "이", "5%가")]                    // 퍼센트
    [InlineData("보험료(150,000원)", "이", "보험료(150,000원)가")] // an aside in brackets does not count
    [InlineData("“KR000003”", "은", "“KR000003”은")]      // quotes are read through
    public void TheParticle_FollowsTheSoundOfTheWordBeforeIt(string word, string particle, string expected) =>
        Assert.Equal(expected, KoreanParticles.With(word, particle));

    [Fact]
    public void AText_WithBothForms_IsResolvedEverywhere() =>
        Assert.Equal("보험료 150,000원이 아직 납입되지 않았습니다. 보험계약 KR000002는 정지되었습니다.",
            KoreanParticles.Resolve("보험료 150,000원이(가) 아직 납입되지 않았습니다. 보험계약 KR000002은(는) 정지되었습니다."));

    public static TheoryData<Stage, string, decimal, string> KoreanNotices()
    {
        var data = new TheoryData<Stage, string, decimal, string>();
        foreach (var stage in Enum.GetValues<Stage>())
            foreach (var (currency, amount, number) in new[] { ("KRW", 150000m, "KR000003"), ("CNY", 1299.9m, "CN000002"), ("USD", 12.5m, "PN-778") })
                data.Add(stage, currency, amount, number);
        return data;
    }

    /// <summary>No Korean notice shows a particle in both forms, whatever the amount, currency or number before it.</summary>
    [Theory]
    [MemberData(nameof(KoreanNotices))]
    public void EveryKoreanNotice_ReadsWithoutBracketedParticles(Stage stage, string currency, decimal amount, string number)
    {
        var facts = new NoticeFacts(number, currency, amount, DueDate: D("2026-01-10"), Deadline: D("2026-03-11"),
            LapsedOn: D("2026-03-12"), ReinstateBy: D("2028-03-10"), InterestRate: 0.055m, DebitOn: D("2026-01-10"), RenewalDate: D("2026-07-01"),
            FailedDebit: new DebitFailure(D("2026-01-10"), D("2026-01-10"), amount, DebitFailureReason.InsufficientFunds, InsurerFault: false, ConsecutiveFailures: 1));
        foreach (var plain in new[] { false, true })
        {
            var text = Templates.Render(new NoticeOccasion(stage, "x", facts), "ko-KR", "김민준", plain);
            Assert.DoesNotMatch(@"이\(가\)|을\(를\)|은\(는\)|과\(와\)|\(으\)로|\(이\)며", text);
        }
        Assert.DoesNotMatch(@"\(으\)로", Templates.RenderEmergency(number, "김민준", "ko-KR", "KRW"));
    }
}
