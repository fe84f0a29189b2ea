// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {OApp, Origin} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OApp.sol";
import {TwoStepOwnable} from "../shared/access/TwoStepOwnable.sol";
import {IRateReceiver} from "../shared/interfaces/IRateReceiver.sol";
import {IRateConsumer} from "../shared/interfaces/IRateConsumer.sol";
import {RateMessage} from "../shared/libraries/RateMessage.sol";

/// @title RateReceiver
/// @notice Spoke copy of the hub rate. Only the hub RateBroadcaster (the LayerZero peer for the
///         hub eid) can update it; OAppReceiver checks the endpoint and the peer.
/// @dev Each accepted update may move the rate only within bounds, so a donation or a bad report on
///      the hub cannot pump (or crash) the spoke rate in one message:
///      - growth is capped CAPO-style (Aave caps wstETH at ~9.7% a year) by `maxAnnualGrowthBps`,
///        pro-rated by the hub time elapsed since the last accepted update. Hub time, not spoke
///        time or message count: re-broadcasting the same report gains nothing;
///      - growth is also capped per update by `maxIncreaseBps` (Renzo: 1% per update);
///      - a decrease (a reported slashing) is allowed down to `maxDecreaseBps` per update (Lido's L2
///        oracle: 5% a day). Decreases are not pro-rated: a real loss must reach the spokes quickly,
///        and a lower spoke rate only makes spoke minting dearer.
///      An out-of-bounds rate is clamped to the nearest allowed one, never ignored or reverted: a
///      reverting receive would leave the LayerZero message stuck, and clamping lets later updates
///      converge on the hub rate. The first update has no reference and is stored as sent.
///      The clamped rate is what integrators read (`getRate`, `latestRoundData`): it moves slowly
///      and never overshoots. It is not a price to mint at: after a jump it sits below the hub, and a
///      spoke minting at it would issue shares the deposited ETH cannot back. So every accepted
///      update pushes the higher of the clamped rate and the hub rate in the message to the rate
///      consumer (the SpokePool), which keeps its own copy so that a deposit reads it without
///      calling here: on a rise the pool prices at the hub rate, on a fall at the clamped floor.
contract RateReceiver is IRateReceiver, OApp, TwoStepOwnable {
    uint256 private constant BPS = 10_000;
    uint256 private constant YEAR = 365 days;
    /// @notice Largest allowed `maxIncreaseBps`: 10% per update.
    uint16 public constant MAX_INCREASE_BPS_LIMIT = 1_000;
    /// @notice Largest allowed `maxDecreaseBps`: 50% per update, so a clamped rate stays above zero.
    uint16 public constant MAX_DECREASE_BPS_LIMIT = 5_000;
    /// @notice Largest allowed `maxAnnualGrowthBps`: 100% a year.
    uint16 public constant MAX_ANNUAL_GROWTH_BPS_LIMIT = 10_000;
    /// @notice Gas each push gives the consumer (the SpokePool's `onRateUpdate` needs about a third).
    uint256 public constant CONSUMER_GAS = 30_000;
    /// @dev Gas that must be left before a push: the consumer's allowance survives the 63/64 rule,
    ///      and the call's own cost and a failure event are paid.
    uint256 private constant PUSH_GAS_RESERVE = CONSUMER_GAS + CONSUMER_GAS / 63 + 10_000;

    /// @dev One slot: read together on every spoke deposit.
    struct RateData {
        uint128 rate;
        uint64 reportTime;
        uint64 sequence;
    }

    /// @dev One slot, read once per accepted update.
    struct Settings {
        uint16 maxIncreaseBps;
        uint16 maxDecreaseBps;
        uint16 maxAnnualGrowthBps;
        address consumer;
    }

    RateData private _current;
    Settings private _settings;
    /// @dev The hub rate of the last accepted update when it is above the clamped rate, else zero
    ///      (zero keeps the common unclamped update from paying for a second non-zero slot).
    uint256 private _hubRateAboveClamp;

    constructor(
        address endpoint,
        address owner_,
        uint16 maxIncreaseBps_,
        uint16 maxDecreaseBps_,
        uint16 maxAnnualGrowthBps_
    ) OApp(endpoint, owner_) Ownable(owner_) {
        _setBounds(maxIncreaseBps_, maxDecreaseBps_, maxAnnualGrowthBps_);
    }

    /// @inheritdoc IRateReceiver
    function getRate() external view returns (uint256) {
        uint256 rate = _current.rate;
        if (rate == 0) revert RateReceiver_NoRate();
        return rate;
    }

    /// @inheritdoc IRateReceiver
    function lastUpdated() external view returns (uint256) {
        return _current.reportTime;
    }

    /// @inheritdoc IRateReceiver
    function sequence() external view returns (uint64) {
        return _current.sequence;
    }

    /// @inheritdoc IRateReceiver
    function rateAndUpdatedAt() external view returns (uint256 rate, uint256 updatedAt) {
        RateData memory current = _current;
        return (current.rate, current.reportTime);
    }

    /// @inheritdoc IRateReceiver
    function consumerRate() public view returns (uint256) {
        uint256 hubRate = _hubRateAboveClamp;
        return hubRate != 0 ? hubRate : _current.rate;
    }

    /// @inheritdoc IRateReceiver
    /// @dev Zero before the first update (Chainlink's legacy answer for "no data"): Aave's oracle
    ///      then falls back to its fallback source instead of reverting.
    function latestAnswer() external view returns (int256) {
        return int256(uint256(_current.rate));
    }

    /// @inheritdoc IRateReceiver
    function latestTimestamp() external view returns (uint256) {
        return _current.reportTime;
    }

    /// @inheritdoc IRateReceiver
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        RateData memory current = _current;
        if (current.rate == 0) revert RateReceiver_NoRate();
        if (roundId != current.sequence) revert RateReceiver_RoundNotAvailable(roundId, current.sequence);
        return (roundId, int256(uint256(current.rate)), current.reportTime, current.reportTime, roundId);
    }

    /// @notice The bounds on each accepted move, in basis points.
    function bounds() external view returns (uint16 maxIncreaseBps, uint16 maxDecreaseBps, uint16 maxAnnualGrowthBps) {
        Settings memory s = _settings;
        return (s.maxIncreaseBps, s.maxDecreaseBps, s.maxAnnualGrowthBps);
    }

    /// @notice The contract every accepted rate is pushed to (zero: none).
    function rateConsumer() external view returns (address) {
        return _settings.consumer;
    }

    /// @notice Sets the contract every accepted rate is pushed to, and pushes `consumerRate()` to it
    ///         at once if there is a rate (so a pool deployed after the first update can mint).
    ///         Calling it again with the same consumer re-sends it.
    function setRateConsumer(address consumer) external onlyOwner {
        _settings.consumer = consumer;
        emit RateConsumerUpdated(consumer);
        RateData memory current = _current;
        if (consumer != address(0) && current.rate != 0) _push(consumer, consumerRate(), current.reportTime);
    }

    /// @notice Sets the bounds on rate moves. Each must be non-zero (a zero bound would freeze the
    ///         rate in that direction) and at most its `*_LIMIT`.
    function setBounds(uint16 maxIncreaseBps_, uint16 maxDecreaseBps_, uint16 maxAnnualGrowthBps_) external onlyOwner {
        _setBounds(maxIncreaseBps_, maxDecreaseBps_, maxAnnualGrowthBps_);
    }

    function decimals() external pure returns (uint8) {
        return 18;
    }

    function description() external pure returns (string memory) {
        return "trETH / ETH exchange rate";
    }

    function version() external pure returns (uint256) {
        return 1;
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        RateData memory current = _current;
        if (current.rate == 0) revert RateReceiver_NoRate();
        return
            (current.sequence, int256(uint256(current.rate)), current.reportTime, current.reportTime, current.sequence);
    }

    function _lzReceive(Origin calldata, bytes32, bytes calldata message, address, bytes calldata) internal override {
        (uint256 rate, uint64 reportTime, uint64 seq) = RateMessage.decode(message);
        RateData memory current = _current;
        // An old, duplicate or malformed update is dropped, not reverted, so it cannot jam the
        // channel. A report older than the stored one is old even under a newer sequence.
        if (seq <= current.sequence || reportTime < current.reportTime || rate == 0 || rate > type(uint128).max) {
            emit RateUpdateIgnored(rate, reportTime, seq, current.sequence);
            return;
        }
        Settings memory s = _settings;
        uint256 applied = rate;
        if (current.rate != 0) {
            applied = _clamp(s, rate, current.rate, reportTime - current.reportTime);
            if (applied != rate) emit RateClamped(rate, applied, reportTime, seq);
        }
        // forge-lint: disable-next-line(unsafe-typecast) applied <= rate when clamped up, <= previous when clamped down
        _current = RateData(uint128(applied), reportTime, seq);
        // Never price a mint below the hub: a clamped rise pushes the hub rate, a clamped fall the floor.
        bool clampedBelowHub = rate > applied;
        _hubRateAboveClamp = clampedBelowHub ? rate : 0;
        emit RateUpdated(applied, reportTime, seq);
        if (s.consumer != address(0)) _push(s.consumer, clampedBelowHub ? rate : applied, reportTime);
    }

    /// @dev Gives the consumer a fixed gas allowance and never reverts on its failure. Starving the
    ///      allowance (an executor passing too little gas) reverts the whole receive instead, so the
    ///      message stays retriable rather than landing without the push.
    function _push(address consumer, uint256 rate, uint64 reportTime) private {
        uint256 left = gasleft();
        if (left < PUSH_GAS_RESERVE) revert RateReceiver_InsufficientGas(left, PUSH_GAS_RESERVE);
        // A low-level call: try/catch would still revert on a consumer without code.
        (bool ok,) = consumer.call{gas: CONSUMER_GAS}(abi.encodeCall(IRateConsumer.onRateUpdate, (rate, reportTime)));
        if (!ok) emit RateConsumerFailed(consumer, rate, reportTime);
    }

    /// @dev The nearest rate to `rate` within the bounds around `previous`. Both caps round down.
    function _clamp(Settings memory b, uint256 rate, uint256 previous, uint256 elapsed) private pure returns (uint256) {
        if (rate > previous) {
            uint256 perUpdate = previous * b.maxIncreaseBps / BPS;
            uint256 perTime = previous * b.maxAnnualGrowthBps * elapsed / (BPS * YEAR);
            uint256 ceiling = previous + (perUpdate < perTime ? perUpdate : perTime);
            return rate > ceiling ? ceiling : rate;
        }
        uint256 floor = previous - previous * b.maxDecreaseBps / BPS;
        return rate < floor ? floor : rate;
    }

    function _setBounds(uint16 maxIncreaseBps_, uint16 maxDecreaseBps_, uint16 maxAnnualGrowthBps_) private {
        if (
            maxIncreaseBps_ == 0 || maxIncreaseBps_ > MAX_INCREASE_BPS_LIMIT || maxDecreaseBps_ == 0
                || maxDecreaseBps_ > MAX_DECREASE_BPS_LIMIT || maxAnnualGrowthBps_ == 0
                || maxAnnualGrowthBps_ > MAX_ANNUAL_GROWTH_BPS_LIMIT
        ) revert RateReceiver_InvalidBounds(maxIncreaseBps_, maxDecreaseBps_, maxAnnualGrowthBps_);
        Settings storage s = _settings;
        (s.maxIncreaseBps, s.maxDecreaseBps, s.maxAnnualGrowthBps) =
        (maxIncreaseBps_, maxDecreaseBps_, maxAnnualGrowthBps_);
        emit RateBoundsUpdated(maxIncreaseBps_, maxDecreaseBps_, maxAnnualGrowthBps_);
    }

    // ------------------------------------------------------------------ ownership (TwoStepOwnable)

    function transferOwnership(address newOwner) public override(Ownable, Ownable2Step) {
        super.transferOwnership(newOwner);
    }

    function _transferOwnership(address newOwner) internal override(Ownable, Ownable2Step) {
        super._transferOwnership(newOwner);
    }

    function renounceOwnership() public pure override(Ownable, TwoStepOwnable) {
        super.renounceOwnership();
    }
}
