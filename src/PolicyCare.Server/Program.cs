using PolicyCare.Cli;

return await Commands.Build().Parse(args).InvokeAsync();
