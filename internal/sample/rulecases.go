package sample

// ruleScenarios returns the positive and negative sample of each catalogue
// rule.
func ruleScenarios() []Scenario {
	return nil
}
