// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IBatchReceiver} from "../shared/interfaces/IBatchReceiver.sol";

/// @title LocalBridgeHub
/// @notice Hub half of the devnet bridge. The spoke half (LocalSpokeBridge) holds the spoke's batch
///         ETH and emits `BatchBridged`; a relayer watching it calls `deliver`, which pays the batch
///         to the BackingLedger out of this contract's liquidity (funded by anyone). Trust in the
///         relayer replaces a bridge's proof: devnet only.
contract LocalBridgeHub is Ownable2Step, ReentrancyGuardTransient {
    IBatchReceiver public immutable ledger;
    /// @notice The only address allowed to deliver batches.
    address public relayer;

    mapping(uint32 srcEid => mapping(uint64 batchId => bool)) public delivered;

    event RelayerSet(address indexed relayer);
    event Funded(address indexed from, uint256 amount);
    event BatchDelivered(uint32 indexed srcEid, uint64 indexed batchId, uint256 amount);

    error LocalBridgeHub_ZeroAddress();
    error LocalBridgeHub_NotRelayer(address caller);
    error LocalBridgeHub_AlreadyDelivered(uint32 srcEid, uint64 batchId);
    error LocalBridgeHub_InsufficientLiquidity(uint256 amount, uint256 available);

    constructor(IBatchReceiver ledger_, address owner_) Ownable(owner_) {
        if (address(ledger_) == address(0)) revert LocalBridgeHub_ZeroAddress();
        ledger = ledger_;
    }

    receive() external payable {
        emit Funded(msg.sender, msg.value);
    }

    /// @notice Adds bridge liquidity.
    function fund() external payable {
        emit Funded(msg.sender, msg.value);
    }

    function setRelayer(address relayer_) external onlyOwner {
        if (relayer_ == address(0)) revert LocalBridgeHub_ZeroAddress();
        relayer = relayer_;
        emit RelayerSet(relayer_);
    }

    /// @notice Pays `amount` for batch `batchId` of spoke `srcEid` to the ledger, once per batch.
    function deliver(uint32 srcEid, uint64 batchId, uint256 amount) external nonReentrant {
        if (msg.sender != relayer) revert LocalBridgeHub_NotRelayer(msg.sender);
        if (delivered[srcEid][batchId]) revert LocalBridgeHub_AlreadyDelivered(srcEid, batchId);
        if (amount > address(this).balance) revert LocalBridgeHub_InsufficientLiquidity(amount, address(this).balance);
        delivered[srcEid][batchId] = true;
        emit BatchDelivered(srcEid, batchId, amount);
        ledger.receiveBatchETH{value: amount}(srcEid, batchId);
    }
}
