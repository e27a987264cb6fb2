using PolicyCare.Policies;

namespace PolicyCare.Notices;

/// <summary>One notice to one recipient over one channel. <see cref="Key"/> is unique: the same notice is never planned twice.</summary>
/// <param name="Recipient">A customer id, <c>emergency:&lt;customer id&gt;</c> or <c>employer:&lt;employer id&gt;</c>.</param>
/// <param name="FailureReason">Set when the notice cannot be delivered (the contact is known not to work).</param>
public sealed record PlannedNotice(
    string Key, string Policy, Stage Stage, Channel Channel, string Recipient, string Address,
    string Locale, string Text, string? FailureReason)
{
    public bool Failed => FailureReason is not null;

    /// <summary>The notice's facts as template variables (JSON object), for channels that send pre-approved templates.</summary>
    public string Variables { get; init; } = "{}";
}

/// <summary>Work for an agent, opened at most once per <see cref="Key"/>.</summary>
public sealed record CaseToOpen(string Key, string Type, string Policy, string Customer)
{
    /// <summary>One tracing case per policy and customer nothing reaches, whoever finds out first (the planner or a failed delivery).</summary>
    public static CaseToOpen Tracing(string policy, string customer) => new($"{policy}|tracing|{customer}", "tracing", policy, customer);
}

/// <summary>The notices and cases one occasion calls for.</summary>
public sealed record NoticePlan(IReadOnlyList<PlannedNotice> Notices, IReadOnlyList<CaseToOpen> Cases)
{
    public static NoticePlan Empty { get; } = new([], []);
}

/// <summary>
/// Who gets a notice and over which channels: the standard cadence's channels, narrowed by the
/// customer's preferences (never for formal notices), voice or letter first for the elderly,
/// the insured too for legal notices, the employer and every member of a group policy, and the
/// emergency contact plus a tracing case when nothing reaches the holder.
/// </summary>
public static class NoticePlanner
{
    /// <summary>The recipient of a notice to a holder's emergency contact: this prefix and the holder's customer id.</summary>
    public const string EmergencyPrefix = "emergency:";

    /// <summary>The order of digital channels used for a customer who chose none (each only where the customer has the contact).</summary>
    public static IReadOnlyList<Channel> DefaultDigitalOrder { get; } = [Channel.Wechat, Channel.Kakao, Channel.Push, Channel.Sms, Channel.Email];
    private static readonly Channel[] FallbackOrder = [Channel.Sms, Channel.Email, Channel.Wechat, Channel.Kakao, Channel.Push, Channel.Letter];
    /// <summary>How an elderly customer is reached when the planned channels cannot: paper and a voice first, online last.</summary>
    internal static readonly Channel[] ElderlyFallbackOrder = [Channel.Letter, Channel.Voice, Channel.Sms, Channel.Email, Channel.Wechat, Channel.Kakao, Channel.Push];

    public static NoticePlan Plan(NoticeOccasion occasion, PolicyParties parties, DateOnly date, int elderlyAge, string fallbackLocale)
    {
        var notices = new List<PlannedNotice>();
        var cases = new List<CaseToOpen>();
        var policy = occasion.Facts.PolicyNumber;
        var reached = new HashSet<string>(StringComparer.Ordinal);

        void ToCustomer(Customer customer, bool isHolder)
        {
            if (!reached.Add(customer.Id)) return;
            var elderly = customer.IsElderlyOn(date, elderlyAge);
            var channels = ChannelsFor(customer, occasion.Stage, elderly, occasion.WithEmail, occasion.Facts.Renewal?.AnsweredVia, occasion.WithAgentCall);
            var planned = channels.Select(c => ForCustomer(occasion, customer, c, elderly, fallbackLocale)).ToList();
            if (planned.All(n => n.Failed))
            {
                var fallback = (elderly ? ElderlyFallbackOrder : FallbackOrder)
                    .Where(c => !channels.Contains(c) && Has(customer, c) && !customer.InvalidContacts.Contains(c.Contact()))
                    .Select(c => (Channel?)c)
                    .FirstOrDefault();
                if (fallback is { } f) planned.Add(ForCustomer(occasion, customer, f, elderly, fallbackLocale));
            }
            notices.AddRange(planned);
            if (isHolder && planned.All(n => n.Failed))
            {
                if (customer.Emergency is { Mobile: { } mobile })
                {
                    var recipient = EmergencyPrefix + customer.Id;
                    var locale = LocaleOf(customer, fallbackLocale);
                    notices.Add(new PlannedNotice(
                        KeyOf(occasion, Channel.Sms, recipient), policy, occasion.Stage, Channel.Sms, recipient, mobile, locale,
                        Templates.RenderEmergency(policy, customer.Name, locale, occasion.Facts.Currency), null));
                }
                cases.Add(CaseToOpen.Tracing(policy, customer.Id));
            }
        }

        ToCustomer(parties.Holder, isHolder: true);
        if (occasion.Stage.ConcernsInsured()) ToCustomer(parties.Insured, isHolder: false);
        if (occasion.Stage is not (Stage.PreDebitNotice or Stage.EarlyReminder) && !occasion.Stage.IsPersonal())
        {
            if (parties.Employer is { } employer) notices.AddRange(ToEmployer(occasion, employer, fallbackLocale));
            foreach (var member in parties.Members) ToCustomer(member, isHolder: false);
        }
        return new NoticePlan(notices, cases);
    }

    /// <summary>The channels of a stage for one customer, before anything is known about delivery.</summary>
    /// <param name="answeredVia">Where the customer last answered a renewal: a renewal notice goes there first.</param>
    /// <param name="agentCall">A second reminder also puts a call on an agent's list (a customer likely to lapse, outside the control group).</param>
    public static IReadOnlyList<Channel> ChannelsFor(Customer customer, Stage stage, bool elderly, bool withEmail, Channel? answeredVia = null, bool agentCall = false)
    {
        var list = new List<Channel>();
        void AddIf(Channel c)
        {
            if (Has(customer, c) && !list.Contains(c)) list.Add(c);
        }

        if (stage.IsClaim()) return ClaimChannels(customer, stage, elderly, withEmail, AddIf, list);
        if (stage.IsCase() || stage.IsChange() || stage is Stage.RenewalSurvey or Stage.PolicyReview or Stage.InspectionReport or Stage.RebindOffer) return CaseChannels(customer, stage, elderly, AddIf, list);

        if (elderly)
        {
            // Voice or a paper letter first, SMS as a supplement, never an online-only notice.
            // A pre-debit notice only announces a routine debit: an SMS, not a monthly phone call.
            if (stage == Stage.PreDebitNotice)
            {
                AddIf(Channel.Sms);
                if (list.Count == 0) AddIf(Channel.Letter);
                return list;
            }
            if (stage.IsFormal())
            {
                AddIf(Channel.Letter);
            }
            else if (Has(customer, Channel.Voice))
            {
                list.Add(Channel.Voice);
                // An elderly customer's second reminder is already an agent's call as well.
                if (stage == Stage.SecondReminder) list.Add(Channel.AgentCall);
            }
            else
            {
                AddIf(Channel.Letter);
            }
            AddIf(Channel.Sms);
            if (list.Count == 0 && PreferredDigital(customer) is { } digital) list.Add(digital);
            return list;
        }

        switch (stage)
        {
            case Stage.PreDebitNotice or Stage.EarlyReminder:
                if (PreferredDigital(customer) is { } preferred) list.Add(preferred);
                break;
            case Stage.RenewalNotice:
                // The channel the customer answered on last time is the one they read (the renewal seed's 个性化).
                if (answeredVia is { } via && via.IsDigital() && Has(customer, via) && !customer.InvalidContacts.Contains(via.Contact())) list.Add(via);
                else if (PreferredDigital(customer) is { } renewalChannel) list.Add(renewalChannel);
                AddIf(Channel.Email);
                break;
            case Stage.FirstReminder:
                list.AddRange(Narrowed(customer, [Channel.Sms, .. Messenger(customer) is { } m ? [m] : Array.Empty<Channel>()]));
                break;
            case Stage.SecondReminder:
                if (Has(customer, Channel.Voice)) list.Add(Channel.Voice);
                else if (PreferredDigital(customer) is { } noPhone) list.Add(noPhone);
                if (agentCall) AddIf(Channel.AgentCall);
                break;
            case Stage.LapseNotice:
                AddIf(Channel.Letter);
                AddIf(Channel.Email);
                AddIf(Channel.Sms);
                break;
            case Stage.TerminationNotice or Stage.CoverEnded:
                AddIf(Channel.Letter);
                AddIf(Channel.Email);
                if (list.Count == 0) AddIf(Channel.Sms);
                break;
            case Stage.ReinstatementFollowUp:
                list.AddRange(Narrowed(customer, withEmail ? [Channel.Sms, Channel.Email] : [Channel.Sms]));
                break;
        }
        return list;
    }

    /// <summary>
    /// A claim's notices go where the customer reads: their preferred digital channel (an elderly
    /// customer by SMS, else a letter). A refusal or a partial payment is also put in writing — email,
    /// else a letter; an elderly customer's by letter — plus an SMS (<paramref name="withEmail"/>: the
    /// decision is adverse). An information request goes by email too where there is one, the list of
    /// documents in hand. A Korean claim's receipt (<paramref name="withEmail"/> on an acknowledgement)
    /// goes by SMS or email as the standard terms ask, besides a messenger.
    /// </summary>
    /// <summary>
    /// A case's acknowledgement goes where the customer reads first; the final answer — and a policy
    /// change's confirmation — is put in writing (email, else a letter) with a short message where the
    /// customer reads; a survey asks over the customer's digital channel, or calls an elderly customer back.
    /// </summary>
    private static List<Channel> CaseChannels(Customer customer, Stage stage, bool elderly, Action<Channel> addIf, List<Channel> list)
    {
        switch (stage)
        {
            case Stage.CaseAnswer or Stage.ChangeConfirmation or Stage.RenewalConfirmation or Stage.InspectionReport or Stage.ChangeDecision:
                if (!elderly) addIf(Channel.Email);
                if (list.Count == 0) addIf(Channel.Letter);
                if (elderly) addIf(Channel.Sms);
                else if (PreferredDigital(customer) is { } read && read != Channel.Email) list.Add(read);
                break;
            case Stage.Survey or Stage.RenewalSurvey when elderly:
                addIf(Channel.Voice);
                addIf(Channel.Sms);
                break;
            default:
                if (elderly) addIf(Channel.Sms);
                else if (PreferredDigital(customer) is { } preferred) list.Add(preferred);
                if (list.Count == 0) addIf(Channel.Sms);
                if (list.Count == 0) addIf(Channel.Email);
                break;
        }
        if (list.Count == 0 && stage is not (Stage.Survey or Stage.RenewalSurvey)) addIf(Channel.Letter);
        return list;
    }

    private static List<Channel> ClaimChannels(Customer customer, Stage stage, bool elderly, bool withEmail, Action<Channel> addIf, List<Channel> list)
    {
        var adverseDecision = stage == Stage.ClaimDecision && withEmail;
        if (adverseDecision)
        {
            if (!elderly) addIf(Channel.Email);
            if (list.Count == 0) addIf(Channel.Letter);
            addIf(Channel.Sms);
            return list;
        }
        if (elderly)
        {
            addIf(Channel.Sms);
            if (list.Count == 0) addIf(Channel.Letter);
            return list;
        }
        if (PreferredDigital(customer) is { } preferred) list.Add(preferred);
        if (stage == Stage.ClaimInformationRequest) addIf(Channel.Email);
        // Korea: the receipt of a claim goes by SMS or email (withEmail), whatever messenger the customer prefers.
        if (stage == Stage.ClaimAcknowledgement && withEmail && !list.Contains(Channel.Sms) && !list.Contains(Channel.Email))
        {
            addIf(Channel.Sms);
            if (!list.Contains(Channel.Sms)) addIf(Channel.Email);
        }
        if (list.Count == 0) addIf(Channel.Letter);
        return list;
    }

    private static List<Channel> Narrowed(Customer customer, Channel[] candidates)
    {
        var prefs = PreferenceList(customer);
        var kept = candidates.Where(c => Has(customer, c) && (prefs.Count == 0 || prefs.Contains(c))).Distinct().ToList();
        if (kept.Count == 0 && PreferredDigital(customer) is { } preferred) kept.Add(preferred);
        return kept;
    }

    /// <summary>The customer's first preferred channel they have a contact for; else a messenger, SMS, then email.</summary>
    public static Channel? PreferredDigital(Customer customer)
    {
        var prefs = PreferenceList(customer);
        foreach (var c in prefs.Concat(DefaultDigitalOrder))
        {
            if (Has(customer, c)) return c;
        }
        return null;
    }

    private static Channel? Messenger(Customer customer)
    {
        var prefs = PreferenceList(customer);
        var order = prefs.Count == 0 ? DefaultDigitalOrder : prefs;
        foreach (var c in order)
        {
            if (c.IsMessenger() && Has(customer, c)) return c;
        }
        return null;
    }

    private static List<Channel> PreferenceList(Customer customer) =>
        customer.PreferredChannels.Select(p => Channels.TryParse(p, out var c) ? (Channel?)c : null)
            .OfType<Channel>().Where(c => c.IsDigital()).ToList();

    private static bool Has(Customer customer, Channel channel) =>
        customer.Contacts.AddressOf(channel.Contact()) is not null;

    private static PlannedNotice ForCustomer(NoticeOccasion occasion, Customer customer, Channel channel, bool elderly, string fallbackLocale)
    {
        var locale = LocaleOf(customer, fallbackLocale);
        var kind = channel.Contact();
        var address = customer.Contacts.AddressOf(kind) ?? "";
        var failure = customer.InvalidContacts.Contains(kind) ? $"the customer's {kind.ToString().ToLowerInvariant()} contact is marked invalid" : null;
        return new PlannedNotice(
            KeyOf(occasion, channel, customer.Id), occasion.Facts.PolicyNumber, occasion.Stage, channel, customer.Id, address,
            locale, Templates.Render(occasion, locale, customer.Name, plainWords: elderly), failure)
        {
            Variables = Templates.Variables(occasion, locale, customer.Name),
        };
    }

    private static IEnumerable<PlannedNotice> ToEmployer(NoticeOccasion occasion, Employer employer, string locale)
    {
        var recipient = "employer:" + employer.Id;
        if (employer.ContactEmail is { } email)
            yield return new PlannedNotice(KeyOf(occasion, Channel.Email, recipient), occasion.Facts.PolicyNumber, occasion.Stage,
                Channel.Email, recipient, email, locale, Templates.Render(occasion, locale, employer.Name, false), null);
        if (employer.ContactMobile is { } mobile)
            yield return new PlannedNotice(KeyOf(occasion, Channel.Sms, recipient), occasion.Facts.PolicyNumber, occasion.Stage,
                Channel.Sms, recipient, mobile, locale, Templates.Render(occasion, locale, employer.Name, false), null);
    }

    private static string LocaleOf(Customer customer, string fallbackLocale) =>
        LocalFormat.IsSupported(customer.Locale) ? customer.Locale : fallbackLocale;

    /// <summary>One notice per (policy, installment or event, stage, channel, recipient).</summary>
    public static string KeyOf(NoticeOccasion occasion, Channel channel, string recipient) =>
        $"{occasion.Facts.PolicyNumber}|{occasion.Subject}|{occasion.Stage.Code()}|{channel.Code()}|{recipient}";
}
