using PolicyCare.Cli;

return await Commands.RunAsync(args);
