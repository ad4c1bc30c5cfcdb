// Package designs holds supplysim's experiment designs: the design files
// that name a scenario, its factors and how they are sampled, and the
// samplers and estimators behind them. Grid is the full factorial,
// LatinHypercube a Latin hypercube (gonum's), Saltelli the points of
// Saltelli's scheme on a Sobol sequence (Sobol, Joe and Kuo's direction
// numbers) and SobolIndices the first-order and total indices with
// bootstrap intervals that it estimates. Every design is a pure function
// of its file and seed.
package designs
