// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IOracleReportSanityChecker} from "../shared/interfaces/IOracleReportSanityChecker.sol";

/// @title OracleReportSanityChecker
/// @notice Bounds what one oracle report may do to the pool. Checks run in this order and the
///         first failing one reverts:
///         1. beacon validators never decrease;                 (BeaconValidatorsDecreased)
///         2. beacon validators <= deposited validators;         (MoreValidatorsThanDeposited)
///         3. appeared = post - pre beacon validators <= limit;  (TooManyAppearedValidators)
///         4. exited validators never decrease;                  (ExitedValidatorsDecreased)
///         5. newly exited <= limit;                             (TooManyExitedValidators)
///         6. cumulative exited <= cumulative appeared;          (ExitedExceedsAppeared)
///         7. beacon growth, annualized, <= annualBalanceIncreaseBps; (AnnualIncreaseTooHigh)
///            the withdrawal vault counts only up to that bound on beacon + vault (returned);
///         8. CL drop <= maxBalanceDecreaseBps of the CL base;   (BalanceDecreaseTooHigh)
///         9. growth out of an empty pool is refused.            (PositiveRebaseTooHigh)
///         `maxPositiveRebasePpb` is not a reason to refuse a report: the pool reads it and defers
///         whatever would raise its rate by more (TrETH's rate smoothing), so a large but honest
///         report is carried over instead of stalling the oracle.
/// @dev Consensus-layer (CL) accounting, with appeared = post - pre beacon validators:
///        preCL  = preBeaconBalance + appeared * 32 ether   (what the CL held plus new deposits)
///        postCL = postBeaconBalance + the part of the vault counted (returned to the pool)
///      so exits (beacon -> vault) are neutral and only rewards or penalties move the difference.
///      The pool sweeps what is counted; what is not stays in the vault, is reported again, and
///      counts as growth in a later report, still within the annual bound.
///      Measured values in errors are rounded up, so "measured > limit" is exact.
contract OracleReportSanityChecker is IOracleReportSanityChecker, AccessControl {
    uint256 private constant BPS = 10_000;
    uint256 private constant PPB = 1e9;
    uint256 private constant DEPOSIT_SIZE = 32 ether;
    uint256 private constant YEAR = 365 days;

    Limits private _limits;

    /// @param admin Holds DEFAULT_ADMIN_ROLE and so may call {setLimits}.
    /// @param limits_ Initial limits; see {defaultLimits} for the values we ship.
    constructor(address admin, Limits memory limits_) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setLimits(limits_);
    }

    /// @notice The limits we ship, and why:
    ///         - 10% APR annual CL increase: Lido's mainnet cap; real staking APR is ~3-4%, so
    ///           only a wrong or malicious report gets near it.
    ///         - 750_000 ppb (0.075%) rate rise per report: Lido's mainnet cap; a daily
    ///           report at 10% APR rebases ~0.026%. The pool defers any excess to later reports.
    ///         - 500 bps (5%) CL drop per report: a correlated slashing of all validators costs
    ///           far less in one day before the midterm penalty; more than 5% in one frame means
    ///           a bad report, and the admin can widen it for a real catastrophe.
    ///         - 1_800 appeared per report: Ethereum's activation churn cap is 8 per epoch, 225
    ///           epochs a day; a daily frame cannot see more.
    ///         - 3_600 exited per report: exit churn at ~16 per epoch for a day, with headroom.
    function defaultLimits() external pure returns (Limits memory) {
        return Limits({
            annualBalanceIncreaseBps: 1_000,
            maxPositiveRebasePpb: 750_000,
            maxBalanceDecreaseBps: 500,
            maxAppearedValidatorsPerReport: 1_800,
            maxExitedValidatorsPerReport: 3_600
        });
    }

    /// @notice Replaces all limits. Admin only. Emits {LimitsSet}.
    function setLimits(Limits calldata limits_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setLimits(limits_);
    }

    /// @inheritdoc IOracleReportSanityChecker
    function limits() external view returns (Limits memory) {
        return _limits;
    }

    /// @inheritdoc IOracleReportSanityChecker
    function checkReport(ReportCheck calldata c) external view returns (uint256 vaultToCount) {
        Limits memory l = _limits;

        if (c.postBeaconValidators < c.preBeaconValidators) {
            revert SanityChecker_BeaconValidatorsDecreased(c.preBeaconValidators, c.postBeaconValidators);
        }
        if (c.postBeaconValidators > c.depositedValidators) {
            revert SanityChecker_MoreValidatorsThanDeposited(c.postBeaconValidators, c.depositedValidators);
        }
        uint256 appeared = c.postBeaconValidators - c.preBeaconValidators;
        if (appeared > l.maxAppearedValidatorsPerReport) {
            revert SanityChecker_TooManyAppearedValidators(appeared, l.maxAppearedValidatorsPerReport);
        }
        if (c.postExitedValidators < c.preExitedValidators) {
            revert SanityChecker_ExitedValidatorsDecreased(c.preExitedValidators, c.postExitedValidators);
        }
        uint256 exited = c.postExitedValidators - c.preExitedValidators;
        if (exited > l.maxExitedValidatorsPerReport) {
            revert SanityChecker_TooManyExitedValidators(exited, l.maxExitedValidatorsPerReport);
        }
        if (c.postExitedValidators > c.postBeaconValidators) {
            revert SanityChecker_ExitedExceedsAppeared(c.postExitedValidators, c.postBeaconValidators);
        }

        uint256 preCL = c.preBeaconBalance + appeared * DEPOSIT_SIZE;
        // The beacon balance alone must stay within the annual bound: only the validators move it.
        if (c.postBeaconBalance > preCL) {
            uint256 annualBps = _annualizedIncreaseBps(c.postBeaconBalance - preCL, preCL, c.timeElapsed);
            if (annualBps > l.annualBalanceIncreaseBps) {
                revert SanityChecker_AnnualIncreaseTooHigh(annualBps, l.annualBalanceIncreaseBps);
            }
        }
        // The vault counts up to the annual bound on beacon + vault; anyone can send ETH to it, so
        // the excess is left for later reports rather than refusing this one.
        uint256 allowedCL = preCL + _allowedIncrease(preCL, l.annualBalanceIncreaseBps, c.timeElapsed);
        vaultToCount = c.postBeaconBalance >= allowedCL
            ? 0
            : Math.min(c.withdrawalVaultBalance, allowedCL - c.postBeaconBalance);
        uint256 postCL = c.postBeaconBalance + vaultToCount;
        if (postCL < preCL) {
            // preCL > postCL >= 0, so the base is never zero here.
            uint256 decreaseBps = Math.mulDiv(preCL - postCL, BPS, preCL, Math.Rounding.Ceil);
            if (decreaseBps > l.maxBalanceDecreaseBps) {
                revert SanityChecker_BalanceDecreaseTooHigh(decreaseBps, l.maxBalanceDecreaseBps);
            }
        }

        // Growth out of an empty pool has no rate to protect yet but is the classic inflation setup.
        if (c.preTotalPooledEther == 0 && c.postTotalPooledEther > 0) {
            revert SanityChecker_PositiveRebaseTooHigh(type(uint256).max, l.maxPositiveRebasePpb);
        }
    }

    /// @dev base * annualBps * timeElapsed / (BPS * YEAR), rounded down: the growth the bound allows.
    function _allowedIncrease(uint256 base, uint256 annualBps, uint256 timeElapsed) private pure returns (uint256) {
        return Math.mulDiv(base, annualBps * timeElapsed, BPS * YEAR);
    }

    /// @dev increase * YEAR * BPS / (base * timeElapsed), rounded up. A zero base or zero elapsed
    ///      time makes any increase unbounded: growth from nothing, or two reports in one second,
    ///      is never plausible.
    function _annualizedIncreaseBps(uint256 increase, uint256 base, uint256 timeElapsed)
        private
        pure
        returns (uint256)
    {
        if (base == 0 || timeElapsed == 0) return type(uint256).max;
        return Math.mulDiv(increase, YEAR * BPS, base * timeElapsed, Math.Rounding.Ceil);
    }

    function _setLimits(Limits memory l) private {
        if (
            l.annualBalanceIncreaseBps > BPS || l.maxBalanceDecreaseBps > BPS || l.maxPositiveRebasePpb == 0
                || l.maxPositiveRebasePpb > PPB || l.maxAppearedValidatorsPerReport == 0
                || l.maxExitedValidatorsPerReport == 0
        ) revert SanityChecker_InvalidLimits();
        _limits = l;
        emit LimitsSet(l);
    }
}
