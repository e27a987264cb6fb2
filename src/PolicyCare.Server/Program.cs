using PolicyCare.Cli;

JitProfile.Start(args);
return await Commands.RunAsync(args);
